/** The Markdown and JSON renderings of a diff. */
import { describe, expect, it } from 'vitest';
import { renderJson, renderMarkdownSections, renderSummary } from '../generator/diff/format.js';
import type { ModelDiff } from '../generator/diff/index.js';
import type { Change } from '../generator/diff/rules.js';

const at = (file: string, line: number): { file: string; line: number } => ({ file, line });

const CHANGES: Change[] = [
  { id: 'service-added', severity: 'info', prefix: 'artifact', subject: 'artifact', before: null, after: { name: 'AWS Artifact', actions: 2 }, afterSource: at('list_awsartifact.md', 1) },
  {
    id: 'actions-table-unavailable',
    severity: 'warning',
    prefix: 'ec2',
    subject: 'ec2',
    before: 'present',
    after: 'placeholder',
    beforeSource: at('list_ec2.md', 8),
    afterSource: at('list_amazonec2.md', 1),
    actions: ['RunInstances', 'StartInstances'],
  },
  { id: 'action-added', severity: 'info', prefix: 'ec2', subject: 'ec2:CreateFleet', before: null, after: 'CreateFleet', afterSource: at('list_amazonec2.md', 30) },
  { id: 'action-condition-key-added', severity: 'info', prefix: 'ec2', subject: 'ec2:RunInstances', before: null, after: 'aws:RequestTag/${TagKey}', afterSource: at('list_amazonec2.md', 40) },
  { id: 'action-condition-key-added', severity: 'info', prefix: 'ec2', subject: 'ec2:RunInstances', before: null, after: 'aws:TagKeys', afterSource: at('list_amazonec2.md', 40) },
  { id: 'resource-type-required-changed', severity: 'warning', prefix: 'ec2', subject: 'ec2:RunInstances', before: { resourceType: 'image', required: false }, after: { resourceType: 'image', required: true } },
  { id: 'arn-pattern-changed', severity: 'breaking', prefix: 'ec2', subject: 'ec2/vpc', before: 'arn:a', after: 'arn:b' },
  { id: 'description-changed', severity: 'info', prefix: 'ec2', subject: 'ec2:RunInstances', before: 'Launches *instances*', after: 'Grants permission to launch instances' },
];
const DIFF: ModelDiff = { semver: 'major', changes: CHANGES };

describe('renderMarkdownSections', () => {
  it('groups changes by service and rule', () => {
    expect(renderMarkdownSections(CHANGES)).toBe(`### Services added

- \`artifact\`: AWS Artifact (2 actions)

### ec2

Actions unavailable (kept, not removed):

- The actions table of \`list_amazonec2.md\` became a link to the website: 2 actions are kept, marked \`carriedOver\`: \`ec2:RunInstances\`, \`ec2:StartInstances\`

Actions added:

- \`ec2:CreateFleet\`

Condition keys added to actions:

- \`ec2:RunInstances\`: \`aws:RequestTag/\${TagKey}\`, \`aws:TagKeys\`

Required resource types changed:

- \`ec2:RunInstances\`: \`image\` is now required

ARN patterns changed:

- \`ec2/vpc\`: \`arn:a\` → \`arn:b\`
`);
  });

  it('shows descriptions and positions on request', () => {
    const text = renderMarkdownSections(CHANGES, { descriptions: true, positions: true, headingLevel: 2 });

    expect(text).toMatch(/^## Services added$/m);
    expect(text).toContain('- `ec2:CreateFleet` (list_amazonec2.md:30)');
    expect(text).toContain('Descriptions changed:\n\n- `ec2:RunInstances`: "Launches \\*instances\\*" → "Grants permission to launch instances"');
  });

  it('is empty without a change to show', () => {
    expect(renderMarkdownSections(CHANGES.filter((change) => change.id === 'description-changed'))).toBe('');
  });

  it('lists at most 20 unavailable actions', () => {
    const names = Array.from({ length: 25 }, (_, index) => `Action${String(index).padStart(2, '0')}`);
    const text = renderMarkdownSections([{ ...CHANGES[1]!, actions: names }]);

    expect(text).toContain('25 actions are kept');
    expect(text).toContain('`ec2:Action19`, and 5 more');
    expect(text).not.toContain('Action20');
  });

  it('fences a code span around backticks', () => {
    const text = renderMarkdownSections([{ ...CHANGES[2]!, subject: 'ec2:`odd`' }]);

    expect(text).toContain('- `` ec2:`odd` ``');
  });
});

describe('renderSummary', () => {
  it('counts changes by severity and hidden descriptions', () => {
    expect(renderSummary(DIFF)).toBe('Recommended version bump: **major**; 7 changes (1 breaking, 2 warning, 4 info); 1 description change not shown (--descriptions shows them).');
  });

  it('counts descriptions when shown', () => {
    expect(renderSummary(DIFF, { descriptions: true })).toBe('Recommended version bump: **major**; 8 changes (1 breaking, 2 warning, 5 info).');
  });
});

describe('renderJson', () => {
  it('writes the bump and the changes', () => {
    const json = JSON.parse(renderJson(DIFF)) as { semver: string; changes: Change[] };

    expect(json.semver).toBe('major');
    expect(json.changes).toEqual(CHANGES.slice(0, 7));
  });

  it('keeps descriptions on request', () => {
    expect((JSON.parse(renderJson(DIFF, { descriptions: true })) as { changes: Change[] }).changes).toHaveLength(8);
  });
});
