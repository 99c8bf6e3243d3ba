/**
 * The 2018-2020 Markdown reader (dialect `markdown-table`), read through
 * `extractPage`: one small page per quirk, then real pages of the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractPage, type PageResult } from '../generator/extract/page.js';
import type { Action } from '../generator/model/types.js';

const FIXTURES = new URL('./fixtures/markdown-table/', import.meta.url);
const SHARED = new URL('../../shared/', import.meta.url);

function fixtureBytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

function extractFixture(name: string): PageResult {
  return extractPage({ file: `markdown-table/${name}`, bytes: fixtureBytes(name) });
}

function actionOf(result: PageResult, name: string): Action {
  const action = result.content?.actions.find((candidate) => candidate.name === name);
  if (!action) throw new Error(`action ${name} not found. The page has: ${result.content?.actions.map((candidate) => candidate.name).join(', ')}`);
  return action;
}

/** Return the rule, severity and place of each diagnostic. */
function placesOf(result: PageResult): Array<{ ruleId: string; severity: string; line: number; column: number }> {
  return result.diagnostics.map(({ ruleId, severity, line, column }) => ({ ruleId, severity, line, column }));
}

describe('markdown-table headers', () => {
  it.each(['title-case-headers.md', 'lower-case-headers.md'])('%s reads as markdown-table', (name) => {
    const result = extractFixture(name);

    expect(result.page?.dialect).toBe('markdown-table');
    expect(result.page?.actionsTable).toBe('present');
    expect(result.content?.prefix).toBe('example');
    expect(result.content?.serviceName).toBe('Example Service');
    expect(result.diagnostics).toEqual([]);
  });

  it.each(['title-case-headers.md', 'lower-case-headers.md'])('%s gives every action field', (name) => {
    const result = extractFixture(name);

    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'ListWidgets']);
    expect(actionOf(result, 'CreateWidget')).toEqual({
      name: 'CreateWidget',
      description: 'Grants permission to create a widget',
      accessLevel: 'Write',
      documentationUrl: 'https://docs.aws.amazon.com/example/latest/APIReference/API_CreateWidget.html',
      resourceTypes: [{ name: 'widget', required: true }],
      conditionKeys: ['example:WidgetColor'],
      dependentActions: [],
      sources: [{ file: `markdown-table/${name}`, line: 9 }],
    });
    expect(actionOf(result, 'ListWidgets').accessLevel).toBe('List');
    expect(actionOf(result, 'ListWidgets').resourceTypes).toEqual([]);
  });

  it.each(['title-case-headers.md', 'lower-case-headers.md'])('%s gives resource types and condition keys', (name) => {
    const result = extractFixture(name);

    expect(result.content?.resourceTypes).toEqual([
      {
        name: 'widget',
        arnPattern: 'arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}',
        conditionKeys: [],
        sources: [{ file: `markdown-table/${name}`, line: 16 }],
      },
    ]);
    expect(result.content?.conditionKeys).toEqual([
      {
        name: 'example:WidgetColor',
        description: 'Filters access by the color of the widget',
        type: 'String',
        sources: [{ file: `markdown-table/${name}`, line: 22 }],
      },
    ]);
  });
});

describe('markdown-table cells', () => {
  it('resolves escapes in a description', () => {
    const result = extractFixture('escapes.md');

    expect(actionOf(result, 'CreateWidget').description).toBe('Grants permission to create a widget (or a gadget) in the account-wide pool.');
  });

  it('resolves escapes in an ARN pattern', () => {
    const result = extractFixture('escapes.md');

    expect(result.content?.resourceTypes[0]?.arnPattern).toBe('arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}');
  });

  it('splits a cell of several links', () => {
    const action = actionOf(extractFixture('several-links.md'), 'TagWidget');

    expect(action.resourceTypes).toEqual([
      { name: 'gadget', required: false },
      { name: 'widget', required: true },
    ]);
    expect(action.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'example:WidgetColor']);
  });

  it('splits condition keys of a resource type', () => {
    const result = extractFixture('several-links.md');

    expect(result.content?.resourceTypes.map((resourceType) => [resourceType.name, resourceType.conditionKeys])).toEqual([
      ['gadget', []],
      ['widget', ['aws:ResourceTag/${TagKey}', 'example:WidgetColor']],
    ]);
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps a relative link as written', () => {
    const action = actionOf(extractFixture('relative-link.md'), 'UpdateBot');

    expect(action.documentationUrl).toBe('API_UpdateBot.html');
  });

  it('reads an action without a link', () => {
    const result = extractFixture('no-link.md');
    const action = actionOf(result, 'InviteWidgetOwners');

    expect(action).not.toHaveProperty('documentationUrl');
    expect(action.description).toBe('Grants permission to invite the owners of a widget');
    expect(result.diagnostics).toEqual([]);
  });

  it('splits dependent actions at spaces', () => {
    const action = actionOf(extractFixture('dependent-actions.md'), 'ConnectWidget');

    expect(action.dependentActions).toEqual(['ds:ConnectDirectory', 's3:CreateBucket', 's3:ListAllMyBuckets']);
  });

  it('marks permission-only actions', () => {
    const result = extractFixture('permission-only.md');

    expect(actionOf(result, 'CreateWidget')).not.toHaveProperty('permissionOnly');
    expect(actionOf(result, 'PaintWidget').permissionOnly).toBe(true);
    expect(actionOf(result, 'ShareWidget').permissionOnly).toBe(true);
  });

  it('keeps the link of a permission-only action', () => {
    const result = extractFixture('permission-only.md');

    expect(actionOf(result, 'PaintWidget').documentationUrl).toBe('https://docs.aws.amazon.com/example/latest/userguide/painting.html');
    expect(actionOf(result, 'ShareWidget')).not.toHaveProperty('documentationUrl');
    expect(result.diagnostics).toEqual([]);
  });
});

describe('markdown-table layout', () => {
  it('finds columns by header text', () => {
    const result = extractFixture('column-order.md');

    expect(actionOf(result, 'CreateWidget')).toMatchObject({
      description: 'Grants permission to create a widget',
      accessLevel: 'Write',
      documentationUrl: 'https://docs.aws.amazon.com/example/latest/APIReference/API_CreateWidget.html',
      resourceTypes: [{ name: 'widget', required: true }],
      conditionKeys: ['example:WidgetColor'],
      dependentActions: ['s3:CreateBucket'],
    });
    expect(result.content?.resourceTypes.map(({ name, arnPattern }) => ({ name, arnPattern }))).toEqual([
      { name: 'widget', arnPattern: 'arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}' },
    ]);
    expect(result.content?.conditionKeys.map(({ name, type }) => ({ name, type }))).toEqual([{ name: 'example:WidgetColor', type: 'String' }]);
    expect(result.diagnostics).toEqual([]);
  });

  it('skips a note before the table', () => {
    const result = extractFixture('note-paragraph.md');

    expect(result.page?.actionsTable).toBe('present');
    expect(result.content?.actions.map((action) => action.name)).toEqual(['ListWidgets']);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads a placeholder page', () => {
    const result = extractFixture('placeholder.md');

    expect(result.page?.actionsTable).toBe('placeholder');
    expect(result.content?.actions).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads tables below a placeholder', () => {
    const result = extractFixture('placeholder.md');

    expect(result.content?.resourceTypes.map((resourceType) => [resourceType.name, resourceType.conditionKeys])).toEqual([
      ['gadget', []],
      ['widget', ['aws:ResourceTag/${TagKey}']],
    ]);
    expect(result.content?.conditionKeys.map((key) => key.name)).toEqual(['aws:ResourceTag/${TagKey}', 'example:WidgetColor']);
  });

  it('reads a page without API operations', () => {
    const result = extractFixture('no-api-operations.md');

    expect(result.page?.actionsTable).toBe('absent');
    expect(result.content?.actions).toEqual([]);
    expect(result.content?.resourceTypes).toEqual([]);
    expect(result.content?.conditionKeys).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('markdown-table diagnostics', () => {
  it('reports rows of the wrong length', () => {
    const result = extractFixture('column-count.md');

    expect(placesOf(result)).toEqual([
      { ruleId: 'column-count', severity: 'warning', line: 9, column: 1 },
      { ruleId: 'column-count', severity: 'warning', line: 11, column: 1 },
    ]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.actual)).toEqual(['4 cells', '7 cells']);
  });

  it('still reads rows of the wrong length', () => {
    const result = extractFixture('column-count.md');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'DeleteWidget', 'ListWidgets']);
    expect(actionOf(result, 'CreateWidget').resourceTypes).toEqual([]);
    expect(actionOf(result, 'CreateWidget').conditionKeys).toBeNull();
    expect(actionOf(result, 'CreateWidget').dependentActions).toBeNull();
    expect(actionOf(result, 'ListWidgets').conditionKeys).toEqual([]);
    expect(actionOf(result, 'ListWidgets').dependentActions).toEqual([]);
  });

  it('reports a duplicate action', () => {
    const result = extractFixture('duplicate-action.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'duplicate-action', severity: 'warning', line: 11, column: 1 }]);
    expect(result.diagnostics[0]?.actual).toBe('ListWidgets');
  });

  it('merges the rows of a duplicate action', () => {
    const result = extractFixture('duplicate-action.md');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['ListWidgets', 'TagWidget']);
    expect(actionOf(result, 'ListWidgets').conditionKeys).toEqual(['example:WidgetColor']);
  });

  it('reports a link with a space', () => {
    const result = extractFixture('malformed-link.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'malformed-link', severity: 'warning', line: 10, column: 1 }]);
    expect(result.diagnostics[0]?.actual).toBe('http://docs.aws.amazon.com/example/latest/APIReference/API_ DeleteWidget.html');
  });

  it('repairs a link with a space', () => {
    const result = extractFixture('malformed-link.md');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'DeleteWidget']);
    expect(actionOf(result, 'DeleteWidget').documentationUrl).toBe('http://docs.aws.amazon.com/example/latest/APIReference/API_DeleteWidget.html');
  });

  it('leaves an empty access level unknown', () => {
    const result = extractFixture('malformed-link.md');

    expect(actionOf(result, 'CreateWidget').accessLevel).toBeNull();
  });

  it('reports combined access levels', () => {
    const result = extractFixture('combined-access-levels.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'unknown-access-level', severity: 'warning', line: 10, column: 136 }]);
    expect(result.diagnostics[0]?.actual).toBe('List Read Write');
    expect(actionOf(result, 'ListWidgets').accessLevel).toBeNull();
  });

  it('reports undefined references', () => {
    const result = extractFixture('unknown-references.md');

    expect(placesOf(result)).toEqual([
      { ruleId: 'unknown-resource-type', severity: 'warning', line: 10, column: 1 },
      { ruleId: 'undefined-condition-key', severity: 'warning', line: 10, column: 1 },
    ]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.actual)).toEqual(['gadget', 'example:GadgetSize']);
  });

  it('reports a missing actions column', () => {
    const result = extractFixture('missing-column.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'missing-column', severity: 'error', line: 7, column: 1 }]);
    expect(result.page?.actionsTable).toBe('absent');
    expect(result.content?.resourceTypes.map((resourceType) => resourceType.name)).toEqual(['widget']);
  });

  it('reports an actions table without rows', () => {
    const result = extractFixture('empty-actions-table.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'actions-table-empty', severity: 'warning', line: 7, column: 1 }]);
    expect(result.page?.actionsTable).toBe('present');
    expect(result.content?.actions).toEqual([]);
  });

  it('rejects a page of another kind', () => {
    const result = extractFixture('not-reference.md');

    expect(result.page).toBeNull();
    expect(result.content).toBeNull();
    expect(placesOf(result)).toEqual([{ ruleId: 'unrecognised-page', severity: 'warning', line: 1, column: 1 }]);
  });
});

describe('markdown-table URL names', () => {
  const result = extractFixture('url-names.md');

  it('skips rows whose name is a URL', () => {
    expect(result.content?.resourceTypes).toEqual([]);
    expect(result.content?.conditionKeys).toEqual([]);
    expect(actionOf(result, 'GetObject').resourceTypes).toEqual([]);
  });

  it('reports each skipped row', () => {
    expect(placesOf(result)).toEqual([
      { ruleId: 'invalid-resource-type-name', severity: 'warning', line: 15, column: 1 },
      { ruleId: 'invalid-condition-key', severity: 'warning', line: 21, column: 1 },
    ]);
  });
});

describe('markdown-table bytes', () => {
  const lf = fixtureBytes('title-case-headers.md');

  it('reads CRLF line endings', () => {
    const crlf = Buffer.from(lf.toString('utf8').replace(/\n/g, '\r\n'), 'utf8');
    const result = extractPage({ file: 'markdown-table/title-case-headers.md', bytes: crlf });
    const reference = extractPage({ file: 'markdown-table/title-case-headers.md', bytes: lf });

    expect(result.content).toEqual(reference.content);
    expect(result.diagnostics).toEqual([]);
  });

  it('skips a byte order mark', () => {
    const withMark = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), lf]);
    const result = extractPage({ file: 'markdown-table/title-case-headers.md', bytes: withMark });
    const reference = extractPage({ file: 'markdown-table/title-case-headers.md', bytes: lf });

    expect(result.content).toEqual(reference.content);
    expect(placesOf(result)).toEqual([{ ruleId: 'byte-order-mark', severity: 'info', line: 1, column: 1 }]);
  });

  it('reports an empty file', () => {
    const result = extractPage({ file: 'empty.md', bytes: new Uint8Array() });

    expect(result.page).toBeNull();
    expect(placesOf(result)).toEqual([{ ruleId: 'empty-page', severity: 'warning', line: 1, column: 1 }]);
  });

  it('reports binary data', () => {
    const result = extractPage({ file: 'binary.md', bytes: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]) });

    expect(result.page).toBeNull();
    expect(placesOf(result)).toEqual([{ ruleId: 'binary-file', severity: 'error', line: 1, column: 1 }]);
  });

  /** Return the fixture with `byte` in place of the byte at line 3, column 10. */
  function withByteOnLine3(byte: number): Buffer {
    const bytes = Buffer.from(lf);
    bytes[lf.indexOf('Example Service \\(') + 9] = byte;
    return bytes;
  }

  it('reports invalid UTF-8 with its place', () => {
    const result = extractPage({ file: 'markdown-table/invalid.md', bytes: withByteOnLine3(0xff) });

    expect(result.page).toBeNull();
    expect(placesOf(result)).toEqual([{ ruleId: 'invalid-utf8', severity: 'error', line: 3, column: 10 }]);
  });

  // The decoder fails only at the ASCII byte after the Latin-1 "é" (0xe9);
  // the diagnostic must point at the lead byte, which is the one to fix.
  it('reports a cut-short sequence at its lead byte', () => {
    const result = extractPage({ file: 'markdown-table/latin1.md', bytes: withByteOnLine3(0xe9) });

    expect(placesOf(result)).toEqual([{ ruleId: 'invalid-utf8', severity: 'error', line: 3, column: 10 }]);
  });
});

const seedPage = fileURLToPath(new URL('seed/list_amazonchime.md', SHARED));
const snapshots = fileURLToPath(new URL('corpus/iam-user-guide/snapshots/', SHARED));
if (!existsSync(seedPage)) console.warn(`extract-markdown-table: real seed page tests skipped because ${seedPage} is absent.`);
if (!existsSync(snapshots)) console.warn(`extract-markdown-table: real snapshot tests skipped because ${snapshots} is absent.`);

describe.skipIf(!existsSync(seedPage))('markdown-table seed page', () => {
  const result = existsSync(seedPage) ? extractPage({ file: 'list_amazonchime.md', bytes: readFileSync(seedPage) }) : undefined;

  it('reads 144 actions', () => {
    expect(result?.page?.dialect).toBe('markdown-table');
    expect(result?.page?.actionsTable).toBe('present');
    expect(result?.content?.prefix).toBe('chime');
    expect(result?.content?.actions).toHaveLength(144);
    expect(result?.diagnostics).toEqual([]);
  });

  it('reads a dependent action', () => {
    expect(actionOf(result!, 'ConnectDirectory').dependentActions).toEqual(['ds:ConnectDirectory']);
  });

  it('reads an action without a link', () => {
    expect(actionOf(result!, 'InviteUsersFromProvider')).not.toHaveProperty('documentationUrl');
  });

  it('reads three dependent actions', () => {
    expect(actionOf(result!, 'UpdateCDRSettings').dependentActions).toEqual(['s3:CreateBucket', 's3:DeleteBucket', 's3:ListAllMyBuckets']);
  });

  it('keeps a relative link', () => {
    expect(actionOf(result!, 'BatchCreateRoomMembership').documentationUrl).toBe('API_BatchCreateRoomMembership.html');
  });
});

describe.skipIf(!existsSync(snapshots))('markdown-table placeholder page', () => {
  const file = fileURLToPath(new URL('corpus/iam-user-guide/snapshots/2020-02-21/list_alexaforbusiness.md', SHARED));
  const result = existsSync(file) ? extractPage({ file: 'list_alexaforbusiness.md', bytes: readFileSync(file) }) : undefined;

  it('gives no actions', () => {
    expect(result?.page?.actionsTable).toBe('placeholder');
    expect(result?.content?.actions).toEqual([]);
    expect(result?.diagnostics).toEqual([]);
  });

  it('reads 10 resource types', () => {
    expect(result?.content?.resourceTypes).toHaveLength(10);
    expect(result?.content?.resourceTypes.find((resourceType) => resourceType.name === 'room')).toMatchObject({
      arnPattern: 'arn:${Partition}:a4b:${Region}:${Account}:room/${Resource_id}',
      conditionKeys: ['aws:ResourceTag/${TagKey}'],
    });
  });

  it('reads the condition keys', () => {
    expect(result?.content?.conditionKeys.map((key) => key.name)).toEqual([
      'a4b:amazonId',
      'a4b:filters_deviceType',
      'aws:RequestTag/${TagKey}',
      'aws:ResourceTag/${TagKey}',
      'aws:TagKeys',
    ]);
    expect(result?.content?.conditionKeys[0]?.type).toBe('String');
  });
});
