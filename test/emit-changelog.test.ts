import { describe, expect, it } from 'vitest';

import { diffModels } from '../generator/diff/index.js';
import { createChangelogEmitter, emitChangelog, mergeChangelog, renderChangelogEntry } from '../generator/emit/changelog.js';
import type { EmitContext } from '../generator/emit/types.js';
import type { Action, Service } from '../generator/model/types.js';

function action(name: string): Action {
  return {
    name,
    description: `Grants permission to ${name}`,
    accessLevel: 'Write',
    resourceTypes: [],
    conditionKeys: [],
    dependentActions: [],
    sources: [{ file: 'list_test.md', line: 1 }],
  };
}

function service(prefix: string, name: string, actions: string[]): Service {
  return { prefix, name, pages: [], actions: actions.map(action), resourceTypes: [], conditionKeys: [] };
}

const previous = [
  service('chime', 'Amazon Chime', ['CreateMeeting', 'DeleteMeeting', 'GetMeeting']),
  service('honeycode', 'Amazon Honeycode', ['GetScreenData']),
  service('s3', 'Amazon S3', ['GetObject', 'PutObject']),
];

const current = [
  service('artifact', 'AWS Artifact', ['GetReport', 'ListReports']),
  service('chime', 'Amazon Chime', ['CreateMeeting', 'CreateMeetingWithAttendees', 'GetMeeting', 'BatchCreateAttendee']),
  service('s3', 'Amazon S3', ['GetObject', 'PutObject']),
];

const expectedEntry = `## 2026-06-14

Recommended version bump: major.

### Services added

- \`artifact\`: AWS Artifact (2 actions)

### Services removed

- \`honeycode\`: Amazon Honeycode (1 action)

### chime

Actions added:

- \`chime:BatchCreateAttendee\`
- \`chime:CreateMeetingWithAttendees\`

Actions removed:

- \`chime:DeleteMeeting\`
`;

/** The changelog entry for two models. */
function entryOf(before: Service[], after: Service[], date = '2026-06-14'): string | null {
  return renderChangelogEntry(diffModels(before, after), date);
}

describe('renderChangelogEntry', () => {
  it('lists services and actions added and removed', () => {
    expect(entryOf(previous, current)).toBe(expectedEntry);
  });

  it('returns null when nothing changed', () => {
    expect(entryOf(previous, previous)).toBeNull();
  });

  it('ignores the order of services and actions', () => {
    const reordered = [...current].reverse().map((s) => ({ ...s, actions: [...s.actions].reverse() }));

    expect(entryOf(previous, reordered)).toBe(expectedEntry);
  });

  it('writes only a removed list', () => {
    const entry = entryOf([service('s3', 'Amazon S3', ['GetObject', 'PutObject'])], [service('s3', 'Amazon S3', ['GetObject'])]);

    expect(entry).toBe('## 2026-06-14\n\nRecommended version bump: major.\n\n### s3\n\nActions removed:\n\n- `s3:PutObject`\n');
  });

  it('sorts services by prefix', () => {
    const entry = entryOf(
      [service('sqs', 'Amazon SQS', []), service('ec2', 'Amazon EC2', [])],
      [service('sqs', 'Amazon SQS', ['SendMessage']), service('ec2', 'Amazon EC2', ['RunInstances'])],
    );

    expect(entry?.indexOf('### ec2')).toBeLessThan(entry?.indexOf('### sqs') ?? -1);
  });

  it('lists the other kinds of change of a service', () => {
    const before = [service('s3', 'Amazon S3', ['GetObject'])];
    const after = [service('s3', 'Amazon S3', ['GetObject'])];
    after[0]!.actions[0] = { ...after[0]!.actions[0]!, accessLevel: 'Read', conditionKeys: ['s3:VersionId'] };

    expect(entryOf(before, after)).toBe(
      '## 2026-06-14\n\nRecommended version bump: minor.\n\n### s3\n\nAccess levels changed:\n\n- `s3:GetObject`: Write → Read\n\nCondition keys added to actions:\n\n- `s3:GetObject`: `s3:VersionId`\n',
    );
  });

  it('leaves description changes out', () => {
    const after = [service('s3', 'Amazon S3', ['GetObject'])];
    after[0]!.actions[0] = { ...after[0]!.actions[0]!, description: 'Grants permission to read an object' };

    expect(entryOf([service('s3', 'Amazon S3', ['GetObject'])], after)).toBeNull();
  });

  it('rejects a date that is not YYYY-MM-DD', () => {
    expect(() => entryOf(previous, current, '14/06/2026')).toThrow(/Invalid changelog date "14\/06\/2026"/);
  });

  it('returns the same text for the same models', () => {
    expect(entryOf(previous, current)).toBe(entryOf(previous, current));
  });
});

describe('diff of two models', () => {
  it('compares action names as written', () => {
    const diff = diffModels([service('s3', 'Amazon S3', ['GetObject'])], [service('s3', 'Amazon S3', ['Getobject'])]);

    expect(diff.changes.map((change) => `${change.id} ${change.subject}`)).toEqual(['action-added s3:Getobject', 'action-removed s3:GetObject']);
  });
});

describe('mergeChangelog', () => {
  const older = '# Changelog\n\n## 2026-06-01\n\n### s3\n\nAdded:\n\n- `s3:GetObject`\n';

  it('starts a new changelog with a title', () => {
    expect(mergeChangelog(null, expectedEntry)).toBe(`# Changelog\n\n${expectedEntry}`);
  });

  it('puts the new entry above older ones', () => {
    const merged = mergeChangelog(older, expectedEntry);

    expect(merged).toBe(`# Changelog\n\n${expectedEntry}\n## 2026-06-01\n\n### s3\n\nAdded:\n\n- \`s3:GetObject\`\n`);
  });

  it('keeps an earlier entry of the same date', () => {
    const once = mergeChangelog(older, expectedEntry);
    const second = '## 2026-06-14\n\n### s3\n\nRemoved:\n\n- `s3:PutObject`\n';

    const twice = mergeChangelog(once, second);

    expect(twice.match(/^## 2026-06-14$/gm)).toHaveLength(2);
    expect(twice.indexOf('s3:PutObject')).toBeLessThan(twice.indexOf('chime:DeleteMeeting'));
    expect(twice).toContain('chime:DeleteMeeting');
    expect(twice).toContain('## 2026-06-01');
  });

  it('gives the same text when merged twice', () => {
    const once = mergeChangelog(older, expectedEntry);

    expect(mergeChangelog(once, expectedEntry)).toBe(once);
  });

  it('keeps an existing title and preamble', () => {
    const existing = '# Changes to the IAM reference\r\n\r\nGenerated by iamref.\r\n\r\n## 2026-06-01\r\n\r\n- old\r\n';

    expect(mergeChangelog(existing, expectedEntry)).toBe(`# Changes to the IAM reference\n\nGenerated by iamref.\n\n${expectedEntry}\n## 2026-06-01\n\n- old\n`);
  });

  it('adds a title to a changelog without one', () => {
    expect(mergeChangelog('## 2026-06-01\n\n- old\n', expectedEntry)).toBe(`# Changelog\n\n${expectedEntry}\n## 2026-06-01\n\n- old\n`);
  });

  it('rejects an entry without a date heading', () => {
    expect(() => mergeChangelog(older, '### chime\n')).toThrow(/must start with a "## <date>" heading/);
  });
});

describe('changelog emitter', () => {
  function context(previousServices: Service[] | null): EmitContext {
    return { services: current, previous: previousServices, date: '2026-06-14', templatesDir: 'unused' };
  }

  it('writes no changelog on the first generation', async () => {
    expect(await emitChangelog(context(null))).toEqual([]);
  });

  it('writes the entry when the model changed', async () => {
    expect(await emitChangelog(context(previous))).toEqual([{ path: 'CHANGELOG.md', content: `# Changelog\n\n${expectedEntry}` }]);
  });

  it('writes nothing when the model did not change', async () => {
    expect(await emitChangelog({ ...context(current) })).toEqual([]);
  });

  it('keeps the existing changelog below the new entry', async () => {
    const emit = createChangelogEmitter('# Changelog\n\n## 2026-06-01\n\n- old\n');

    const [file] = await emit(context(previous));

    expect(file?.content).toBe(`# Changelog\n\n${expectedEntry}\n## 2026-06-01\n\n- old\n`);
  });

  it('passes an unchanged changelog through', async () => {
    const existing = '# Changelog\n\n## 2026-06-01\n\n- old\n';

    expect(await createChangelogEmitter(existing)(context(current))).toEqual([{ path: 'CHANGELOG.md', content: existing }]);
  });

  it('takes the date from the context', async () => {
    const [file] = await emitChangelog({ ...context(previous), date: '1999-01-02' });

    expect(file?.content).toContain('\n## 1999-01-02\n');
  });
});
