/**
 * One before/after pair of small pages per rule (test/fixtures/diff/<case>/),
 * read with extractPage and compared with diffModels: each pair gives
 * exactly the changes listed, with their subjects, values and positions.
 * The base page, list_example.md, defines CreateWidget (line 9) and
 * GetWidget (line 10), the resource types gadget (16) and widget (17), and
 * the condition keys aws:RequestTag/${TagKey} (23), aws:ResourceTag/${TagKey}
 * (24) and example:WidgetColor (25).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffModels } from '../generator/diff/index.js';
import { type Change, RULE_IDS, RULES } from '../generator/diff/rules.js';
import { readPair } from './helpers/diff.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/diff/', import.meta.url));
const PAGE = 'list_example.md';
const at = (line: number, file = PAGE): { file: string; line: number } => ({ file, line });

const WIDGET_ARN = 'arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}';
const GADGET_ARN = 'arn:${Partition}:example:${Region}:${Account}:gadget/${GadgetId}';

/** Each case: the fixture folder, the bump and every change it must give, in order. */
const CASES: Array<[string, string, Change[]]> = [
  [
    'service-added',
    'minor',
    [{ id: 'service-added', severity: 'info', prefix: 'other', subject: 'other', before: null, after: { name: 'Other Service', actions: 1 }, afterSource: at(1, 'list_other.md') }],
  ],
  [
    'service-removed',
    'major',
    [{ id: 'service-removed', severity: 'breaking', prefix: 'other', subject: 'other', before: { name: 'Other Service', actions: 1 }, after: null, beforeSource: at(1, 'list_other.md') }],
  ],
  [
    'action-added',
    'minor',
    [{ id: 'action-added', severity: 'info', prefix: 'example', subject: 'example:DeleteWidget', before: null, after: 'DeleteWidget', afterSource: at(10) }],
  ],
  [
    'action-removed',
    'major',
    [{ id: 'action-removed', severity: 'breaking', prefix: 'example', subject: 'example:GetWidget', before: 'GetWidget', after: null, beforeSource: at(10) }],
  ],
  [
    'access-level-changed',
    'minor',
    [{ id: 'access-level-changed', severity: 'warning', prefix: 'example', subject: 'example:GetWidget', before: 'Read', after: 'List', beforeSource: at(10), afterSource: at(10) }],
  ],
  [
    'description-changed',
    'patch',
    [
      {
        id: 'description-changed',
        severity: 'info',
        prefix: 'example',
        subject: 'example:GetWidget',
        before: 'Grants permission to read a widget',
        after: 'Grants permission to describe a widget',
        beforeSource: at(10),
        afterSource: at(10),
      },
    ],
  ],
  [
    'action-resource-type-added',
    'minor',
    [{ id: 'action-resource-type-added', severity: 'info', prefix: 'example', subject: 'example:GetWidget', before: null, after: 'gadget', beforeSource: at(10), afterSource: at(10) }],
  ],
  [
    'action-resource-type-removed',
    'major',
    [{ id: 'action-resource-type-removed', severity: 'breaking', prefix: 'example', subject: 'example:CreateWidget', before: 'widget', after: null, beforeSource: at(9), afterSource: at(9) }],
  ],
  [
    'resource-type-required-changed',
    'minor',
    [
      {
        id: 'resource-type-required-changed',
        severity: 'warning',
        prefix: 'example',
        subject: 'example:GetWidget',
        before: { resourceType: 'widget', required: true },
        after: { resourceType: 'widget', required: false },
        beforeSource: at(10),
        afterSource: at(10),
      },
    ],
  ],
  [
    'action-condition-key-added',
    'minor',
    [{ id: 'action-condition-key-added', severity: 'info', prefix: 'example', subject: 'example:GetWidget', before: null, after: 'aws:ResourceTag/${TagKey}', beforeSource: at(10), afterSource: at(10) }],
  ],
  [
    'action-condition-key-removed',
    'major',
    [{ id: 'action-condition-key-removed', severity: 'breaking', prefix: 'example', subject: 'example:CreateWidget', before: 'aws:RequestTag/${TagKey}', after: null, beforeSource: at(9), afterSource: at(9) }],
  ],
  [
    'dependent-action-added',
    'minor',
    [{ id: 'dependent-action-added', severity: 'info', prefix: 'example', subject: 'example:GetWidget', before: null, after: 's3:GetObject', beforeSource: at(10), afterSource: at(10) }],
  ],
  [
    'dependent-action-removed',
    'major',
    [{ id: 'dependent-action-removed', severity: 'breaking', prefix: 'example', subject: 'example:CreateWidget', before: 'iam:PassRole', after: null, beforeSource: at(9), afterSource: at(9) }],
  ],
  [
    'resource-type-added',
    'minor',
    [
      {
        id: 'resource-type-added',
        severity: 'info',
        prefix: 'example',
        subject: 'example/sprocket',
        before: null,
        after: 'arn:${Partition}:example:${Region}:${Account}:sprocket/${SprocketId}',
        afterSource: at(18),
      },
    ],
  ],
  [
    'resource-type-removed',
    'major',
    [{ id: 'resource-type-removed', severity: 'breaking', prefix: 'example', subject: 'example/gadget', before: GADGET_ARN, after: null, beforeSource: at(16) }],
  ],
  [
    'arn-pattern-changed',
    'major',
    [
      {
        id: 'arn-pattern-changed',
        severity: 'breaking',
        prefix: 'example',
        subject: 'example/widget',
        before: WIDGET_ARN,
        after: 'arn:${Partition}:example:${Region}:${Account}:widget/${WidgetName}',
        beforeSource: at(17),
        afterSource: at(17),
      },
    ],
  ],
  [
    'resource-type-condition-key-added',
    'minor',
    [{ id: 'resource-type-condition-key-added', severity: 'info', prefix: 'example', subject: 'example/gadget', before: null, after: 'aws:ResourceTag/${TagKey}', beforeSource: at(16), afterSource: at(16) }],
  ],
  [
    'resource-type-condition-key-removed',
    'major',
    [{ id: 'resource-type-condition-key-removed', severity: 'breaking', prefix: 'example', subject: 'example/widget', before: 'aws:ResourceTag/${TagKey}', after: null, beforeSource: at(17), afterSource: at(17) }],
  ],
  [
    'condition-key-added',
    'minor',
    [{ id: 'condition-key-added', severity: 'info', prefix: 'example', subject: 'example:WidgetSize', before: null, after: 'example:WidgetSize', afterSource: at(26) }],
  ],
  [
    'condition-key-removed',
    'major',
    [{ id: 'condition-key-removed', severity: 'breaking', prefix: 'example', subject: 'example:WidgetColor', before: 'example:WidgetColor', after: null, beforeSource: at(25) }],
  ],
  [
    'condition-key-type-changed',
    'major',
    [{ id: 'condition-key-type-changed', severity: 'breaking', prefix: 'example', subject: 'example:WidgetColor', before: 'String', after: 'ArrayOfString', beforeSource: at(25), afterSource: at(25) }],
  ],
  [
    'actions-table-unavailable',
    'patch',
    [
      {
        id: 'actions-table-unavailable',
        severity: 'warning',
        prefix: 'example',
        subject: 'example',
        before: 'present',
        after: 'placeholder',
        beforeSource: at(9),
        afterSource: at(1),
        actions: ['CreateWidget', 'GetWidget'],
      },
    ],
  ],
];

describe('diff rules on page pairs', () => {
  it.each(CASES)('%s', (name, semver, expected) => {
    const { before, after, diagnostics } = readPair(path.join(FIXTURES, name));

    const diff = diffModels(before, after);

    expect(diagnostics).toEqual([]);
    expect(diff.changes).toEqual(expected);
    expect(diff.semver).toBe(semver);
  });

  it('has a pair for every rule', () => {
    expect(new Set(CASES.map(([name]) => name))).toEqual(new Set(RULE_IDS));
  });

  it('documents every rule in the README', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

    for (const id of RULE_IDS) expect(readme, id).toMatch(new RegExp(`^\\| \`${id}\` \\| ${RULES[id].severity} \\| ${RULES[id].semver} \\|`, 'm'));
  });
});

describe('page changes that remove nothing', () => {
  it('keeps a service whose page is renamed', () => {
    const { before, after } = readPair(path.join(FIXTURES, 'page-renamed'));

    expect(after[0]?.pages.map((page) => page.file)).toEqual(['list_exampleservice.md']);
    expect(diffModels(before, after)).toEqual({ semver: 'none', changes: [] });
  });

  it('keeps the actions of a page renamed as it lost its table', () => {
    const { before, after } = readPair(path.join(FIXTURES, 'renamed-placeholder'));

    const diff = diffModels(before, after);

    expect(diff.changes).toEqual([
      {
        id: 'actions-table-unavailable',
        severity: 'warning',
        prefix: 'example',
        subject: 'example',
        before: 'present',
        after: 'placeholder',
        beforeSource: at(9),
        afterSource: at(1, 'list_exampleservice.md'),
        actions: ['CreateWidget', 'GetWidget'],
      },
    ]);
  });

  it('keeps an action whose row lost its name', () => {
    const { before, after, diagnostics } = readPair(path.join(FIXTURES, 'rows-unreadable'));

    const diff = diffModels(before, after);

    expect(diagnostics).toEqual([`invalid-action-name ${PAGE}:10`]);
    expect(diff.changes).toEqual([
      {
        id: 'actions-table-unavailable',
        severity: 'warning',
        prefix: 'example',
        subject: 'example',
        before: 'present',
        after: 'incomplete',
        beforeSource: at(10),
        afterSource: at(1),
        actions: ['GetWidget'],
      },
    ]);
  });

  it('reports a placeholder without carry-over too', () => {
    const { before } = readPair(path.join(FIXTURES, 'actions-table-unavailable'));
    const placeholder = structuredClone(before);
    placeholder[0]!.actions = [];
    placeholder[0]!.pages[0]!.actionsTable = 'placeholder';

    const diff = diffModels(before, placeholder);

    expect(diff.changes.map((item) => [item.id, item.after, item.actions])).toEqual([['actions-table-unavailable', 'placeholder', ['CreateWidget', 'GetWidget']]]);
  });
});

describe('a bullet-list page followed by a table page', () => {
  it('reports the new details as additions to existing actions', () => {
    const { before, after, diagnostics } = readPair(path.join(FIXTURES, 'legacy-to-table'));

    const diff = diffModels(before, after);

    expect(diagnostics).toEqual([]);
    expect(diff.changes.map(({ id, subject, before: from, after: to }) => [id, subject, from, to])).toEqual([
      ['action-resource-type-added', 'example:CreateWidget', null, 'widget'],
      ['action-resource-type-added', 'example:GetWidget', null, 'widget'],
      ['action-condition-key-added', 'example:CreateWidget', null, 'aws:RequestTag/${TagKey}'],
      ['dependent-action-added', 'example:CreateWidget', null, 'iam:PassRole'],
      ['resource-type-added', 'example/gadget', null, GADGET_ARN],
      ['resource-type-added', 'example/widget', null, WIDGET_ARN],
      ['condition-key-added', 'aws:RequestTag/${TagKey}', null, 'aws:RequestTag/${TagKey}'],
      ['condition-key-added', 'aws:ResourceTag/${TagKey}', null, 'aws:ResourceTag/${TagKey}'],
    ]);
    expect(diff.semver).toBe('minor');
  });

  it('gives the positions on both pages', () => {
    const { before, after } = readPair(path.join(FIXTURES, 'legacy-to-table'));

    const [first] = diffModels(before, after).changes;

    expect(first?.beforeSource).toEqual(at(6));
    expect(first?.afterSource).toEqual(at(9));
  });

  it('reports nothing in the other direction', () => {
    const { before, after } = readPair(path.join(FIXTURES, 'legacy-to-table'));

    const diff = diffModels(after, before);

    expect(diff.changes).toEqual([]);
  });
});
