/**
 * The diff engine on model pairs: the changes from `null` values (unknown in
 * the page format) and from carried-over actions, the order of the changes
 * and the recommended version bump.
 */
import { describe, expect, it } from 'vitest';
import { diffModels, recommendBump, withoutDescriptions } from '../generator/diff/index.js';
import type { Change } from '../generator/diff/rules.js';
import type { Action, ConditionKey, PageRecord, Service } from '../generator/model/types.js';

function page(file: string, actionsTable: PageRecord['actionsTable'] = 'present', dialect: PageRecord['dialect'] = 'markdown-table'): PageRecord {
  return { file, title: `Actions, Resources, and Condition Keys for ${file}`, sha256: '0'.repeat(64), dialect, actionsTable };
}

function action(name: string, fields: Partial<Action> = {}): Action {
  return {
    name,
    description: `Grants permission to ${name}`,
    accessLevel: 'Write',
    resourceTypes: [],
    conditionKeys: [],
    dependentActions: [],
    sources: [{ file: 'list_example.md', line: 10 }],
    ...fields,
  };
}

function key(name: string, type: string | null, description: string | null = 'Filters access'): ConditionKey {
  return { name, description, type, sources: [{ file: 'list_example.md', line: 30 }] };
}

function service(actions: Action[], fields: Partial<Service> = {}): Service {
  return { prefix: 'example', name: 'Example Service', pages: [page('list_example.md')], actions, resourceTypes: [], conditionKeys: [], ...fields };
}

function ids(changes: Change[]): string[] {
  return changes.map((change) => `${change.id} ${change.subject}`);
}

describe('null values', () => {
  it.each([
    ['access level', { accessLevel: null }, { accessLevel: 'Read' }],
    ['description', { description: null }, { description: 'Grants permission to read' }],
  ] as const)('gives nothing for a %s that becomes documented', (_, before, after) => {
    expect(diffModels([service([action('Get', before)])], [service([action('Get', after)])]).changes).toEqual([]);
  });

  it.each([
    ['access level', { accessLevel: 'Read' }, { accessLevel: null }],
    ['description', { description: 'Grants permission to read' }, { description: null }],
    ['resource types', { resourceTypes: [{ name: 'widget', required: true }] }, { resourceTypes: null }],
    ['condition keys', { conditionKeys: ['aws:TagKeys'] }, { conditionKeys: null }],
    ['dependent actions', { dependentActions: ['iam:PassRole'] }, { dependentActions: null }],
  ] as const)('gives nothing for a %s that becomes unknown', (_, before, after) => {
    expect(diffModels([service([action('Get', before as Partial<Action>)])], [service([action('Get', after as Partial<Action>)])]).changes).toEqual([]);
  });

  it('reports lists that become documented as additions', () => {
    const before = service([action('Get', { accessLevel: null, resourceTypes: null, conditionKeys: null, dependentActions: null })]);
    const after = service([action('Get', { resourceTypes: [{ name: 'widget', required: true }], conditionKeys: ['aws:TagKeys'], dependentActions: ['iam:PassRole'] })]);

    const diff = diffModels([before], [after]);

    expect(diff.changes.map((change) => [change.id, change.before, change.after])).toEqual([
      ['action-resource-type-added', null, 'widget'],
      ['action-condition-key-added', null, 'aws:TagKeys'],
      ['dependent-action-added', null, 'iam:PassRole'],
    ]);
  });

  it('gives nothing for a key type that becomes documented', () => {
    const before = service([], { conditionKeys: [key('example:Color', null, null)] });
    const after = service([], { conditionKeys: [key('example:Color', 'String')] });

    expect(diffModels([before], [after]).changes).toEqual([]);
  });

  it('compares a changed key description', () => {
    const before = service([], { conditionKeys: [key('example:Color', 'String', 'Filters by color')] });
    const after = service([], { conditionKeys: [key('example:Color', 'String', 'Filters access by color')] });

    expect(ids(diffModels([before], [after]).changes)).toEqual(['description-changed example:Color']);
  });
});

describe('carried-over actions', () => {
  const placeholder = [page('list_example.md', 'placeholder')];

  it('reports an action the pipeline carried over as unavailable', () => {
    const before = service([action('Get'), action('Put')]);
    const after = service([action('Get', { carriedOver: true }), action('Put', { carriedOver: true })], { pages: placeholder });

    const diff = diffModels([before], [after]);

    expect(ids(diff.changes)).toEqual(['actions-table-unavailable example']);
    expect(diff.changes[0]?.actions).toEqual(['Get', 'Put']);
    expect(diff.semver).toBe('patch');
  });

  it('reports a page that failed to read as unreadable', () => {
    const before = service([action('Get')]);
    const after = service([action('Get', { carriedOver: true })]);

    expect(diffModels([before], [after]).changes.map((change) => [change.id, change.after])).toEqual([['actions-table-unavailable', 'unreadable']]);
  });

  it('reports a table without a readable action as empty', () => {
    const before = service([action('Get')]);
    const after = service([action('Get', { carriedOver: true })], { pages: [{ ...page('list_example.md'), sha256: '1'.repeat(64) }] });

    expect(diffModels([before], [after]).changes.map((change) => [change.id, change.after])).toEqual([['actions-table-unavailable', 'empty']]);
  });

  it('reports nothing while an action stays carried over', () => {
    const before = service([action('Get', { carriedOver: true })], { pages: placeholder });

    expect(diffModels([before], [structuredClone(before)]).changes).toEqual([]);
  });

  it('reports nothing while a page stays a placeholder without carry-over', () => {
    const before = service([action('Get', { carriedOver: true })], { pages: placeholder });
    const after = service([], { pages: placeholder });

    expect(diffModels([before], [after]).changes).toEqual([]);
  });

  it('compares an action that is listed again', () => {
    const before = service([action('Get', { carriedOver: true, accessLevel: 'Read' })], { pages: placeholder });
    const after = service([action('Get', { accessLevel: 'List' })]);

    expect(ids(diffModels([before], [after]).changes)).toEqual(['access-level-changed example:Get']);
  });

  it('removes a carried-over action that a listing page leaves out', () => {
    const before = service([action('Get', { carriedOver: true }), action('Put')]);
    const after = service([action('Put')]);

    expect(ids(diffModels([before], [after]).changes)).toEqual(['action-removed example:Get']);
  });

  it('does not compare the details of a carried-over copy', () => {
    const before = service([action('Get', { accessLevel: 'Read' })]);
    const after = service([action('Get', { accessLevel: 'List', carriedOver: true })], { pages: placeholder });

    expect(ids(diffModels([before], [after]).changes)).toEqual(['actions-table-unavailable example']);
  });

  it('removes an action whose page vanished while another page lists actions', () => {
    const before = service([action('Get'), action('Put', { sources: [{ file: 'list_other.md', line: 9 }] })], { pages: [page('list_example.md'), page('list_other.md')] });
    const after = service([action('Get')]);

    expect(ids(diffModels([before], [after]).changes)).toEqual(['action-removed example:Put']);
  });
});

describe('order and bump', () => {
  const before = [service([action('Get', { description: 'Old' })]), { ...service([action('Run')]), prefix: 'zeta', name: 'Zeta' }];
  const after = [
    { ...service([action('Run')]), prefix: 'alpha', name: 'Alpha' },
    service([action('Get', { description: 'New', accessLevel: 'Read' }), action('Add')], { resourceTypes: [{ name: 'widget', arnPattern: 'arn:widget', conditionKeys: [], sources: [] }] }),
  ];

  it('sorts changes by prefix, then by rule', () => {
    expect(ids(diffModels(before, after).changes)).toEqual([
      'service-added alpha',
      'action-added example:Add',
      'access-level-changed example:Get',
      'resource-type-added example/widget',
      'description-changed example:Get',
      'service-removed zeta',
    ]);
  });

  it('recommends the largest bump', () => {
    expect(diffModels(before, after).semver).toBe('major');
  });

  it('ignores the order of the input', () => {
    const reordered = [...after].reverse().map((item) => ({ ...item, actions: [...item.actions].reverse() }));

    expect(diffModels(before, reordered)).toEqual(diffModels(before, after));
  });

  it.each([
    [[], 'none'],
    [['description-changed'], 'patch'],
    [['description-changed', 'action-added'], 'minor'],
    [['action-added', 'arn-pattern-changed'], 'major'],
    [['actions-table-unavailable'], 'patch'],
  ] as const)('bumps %j to %s', (rules, bump) => {
    const changes = rules.map((id) => ({ id, severity: 'info', prefix: 'example', subject: 'example', before: null, after: null }) as Change);

    expect(recommendBump(changes)).toBe(bump);
  });

  it('leaves descriptions out on request', () => {
    expect(ids(withoutDescriptions(diffModels(before, after).changes))).not.toContain('description-changed example:Get');
  });
});
