import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, diagnosticsOf } from '../generator/diagnostics.js';
import { markdownExportReader } from '../generator/extract/markdown-export.js';
import { markdownListReader } from '../generator/extract/markdown-list.js';
import { documentationUrl, headerBase, normalizeHeader } from '../generator/extract/markdown-sections.js';
import type { PageContent } from '../generator/extract/types.js';
import type { Action } from '../generator/model/types.js';
import { parseMarkdown } from '../generator/parse/markdown.js';

interface Read {
  detected: boolean;
  detectedAsList: boolean;
  content: PageContent;
  diagnostics: Diagnostic[];
}

function readFixture(folder: 'markdown-export' | 'markdown-list', name: string): Read {
  const url = new URL(`./fixtures/${folder}/${name}`, import.meta.url);
  const file = new VFile({ path: `${folder}/${name}`, value: readFileSync(fileURLToPath(url), 'utf8') });
  const tree = parseMarkdown(file);
  const detected = markdownExportReader.detect(tree, file);
  const detectedAsList = markdownListReader.detect(tree, file);
  const content = markdownExportReader.extract(tree, file);
  return { detected, detectedAsList, content, diagnostics: diagnosticsOf(file) };
}

function action(content: PageContent, name: string): Action {
  const found = content.actions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`action ${name} not found; the page has ${content.actions.map((a) => a.name).join(', ')}`);
  return found;
}

function rules(read: Read, ruleId: string): Diagnostic[] {
  return read.diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

describe('markdown-export detection', () => {
  it.each(['titled-links.md', 'columns-reordered.md', 'operations-table.md', 'actions-continuation.md'])('claims %s', (name) => {
    const read = readFixture('markdown-export', name);
    expect(read.detected).toBe(true);
    expect(read.detectedAsList).toBe(false);
    expect(read.content.dialect).toBe('markdown-export');
  });

  it.each(['several-resource-types.md', 'front-matter.md', 'permission-only-table.md'])('leaves the list page %s', (name) => {
    expect(readFixture('markdown-list', name).detected).toBe(false);
  });
});

describe('markdown-export titled relative links', () => {
  const read = readFixture('markdown-export', 'titled-links.md');

  it('reads the prefix from a wrapped sentence', () => {
    expect(read.content.prefix).toBe('example');
  });

  it('resolves a relative .md target to the HTML page', () => {
    expect(action(read.content, 'PutWidget').documentationUrl).toBe('https://docs.aws.amazon.com/example/latest/APIReference/API_PutWidget.html');
  });

  it('resolves a sibling page with a fragment', () => {
    expect(action(read.content, 'ShareWidget').documentationUrl).toBe('https://docs.aws.amazon.com/service-authorization/latest/reference/list_other.html#other-policy-keys');
  });

  it('splits values at <br>', () => {
    expect(action(read.content, 'PutWidget').conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'example:Color']);
    expect(read.content.resourceTypes[0]?.conditionKeys).toEqual(['aws:ResourceTag/${TagKey}', 'example:Color']);
  });

  it('takes names from the link text, not the title', () => {
    expect(action(read.content, 'PutWidget').resourceTypes).toEqual([{ name: 'widget', required: true }]);
    expect(read.content.resourceTypes.map((resourceType) => resourceType.name)).toEqual(['widget']);
    expect(read.content.conditionKeys.map((key) => key.name)).toEqual(['example:Color']);
  });

  it('has no dependent actions column', () => {
    expect(action(read.content, 'PutWidget').dependentActions).toBeNull();
  });

  it('records the line of each row', () => {
    expect(action(read.content, 'ShareWidget').sources).toEqual([{ file: 'markdown-export/titled-links.md', line: 25 }]);
  });

  it('reports nothing', () => {
    expect(read.diagnostics).toEqual([]);
  });
});

describe('markdown-export columns in another order', () => {
  const read = readFixture('markdown-export', 'columns-reordered.md');

  it('reads every action field by its header', () => {
    const getWidget = action(read.content, 'GetWidget');
    expect(getWidget.description).toBe('Grants permission to get a widget');
    expect(getWidget.accessLevel).toBe('Read');
    expect(getWidget.resourceTypes).toEqual([{ name: 'widget', required: true }]);
    expect(getWidget.conditionKeys).toEqual(['example:Color']);
    expect(getWidget.documentationUrl).toBe('https://docs.aws.amazon.com/example/latest/APIReference/API_GetWidget.html');
  });

  it('reads an action without resource types', () => {
    expect(action(read.content, 'ListWidgets').resourceTypes).toEqual([]);
    expect(action(read.content, 'ListWidgets').accessLevel).toBe('List');
  });

  it('reads an empty access level as its own action', () => {
    expect(read.content.actions.map((a) => a.name)).toEqual(['GetWidget', 'ListWidgets', 'PingWidget']);
    expect(action(read.content, 'PingWidget').accessLevel).toBeNull();
    expect(action(read.content, 'PingWidget').description).toBe('Grants permission to ping a widget');
  });

  it('reads the resource types table by header', () => {
    expect(read.content.resourceTypes.map((resourceType) => [resourceType.name, resourceType.arnPattern])).toEqual([
      ['widget', 'arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}'],
    ]);
  });

  it('reads the condition keys table by header', () => {
    expect(read.content.conditionKeys.map((key) => [key.name, key.description, key.type])).toEqual([
      ['example:Color', 'Filters access by the colour of the widget', 'String'],
    ]);
  });
});

describe('markdown-export API operations', () => {
  const read = readFixture('markdown-export', 'operations-table.md');

  it('adds a shifted row to the operation above', () => {
    expect(read.content.operations?.map((operation) => [operation.name, operation.actions])).toEqual([
      ['DeleteWidget', ['example:DeleteWidget']],
      ['PutWidget', ['example:PutWidget', 'example:TagWidget']],
      ['TagWidget', ['example:TagWidget']],
    ]);
  });

  it('reports the shifted row as info', () => {
    expect(rules(read, 'column-count').map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[18, 'info']]);
  });

  it('keeps the first row of the operation as its source', () => {
    expect(read.content.operations?.[1]?.sources).toEqual([{ file: 'markdown-export/operations-table.md', line: 17 }]);
  });
});

describe('markdown-export actions over several rows', () => {
  const read = readFixture('markdown-export', 'actions-continuation.md');
  const tagWidget = action(read.content, 'TagWidget');

  it('ties each row condition keys to its resource type', () => {
    expect(tagWidget.resourceTypes).toEqual([
      { name: 'widget', required: true, conditionKeys: ['example:Color'] },
      { name: 'gadget', required: false, conditionKeys: [] },
    ]);
  });

  it('gives a row without resource types to the action', () => {
    expect(tagWidget.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'example:Color']);
  });

  it('records every row as a source', () => {
    expect(tagWidget.sources.map((source) => source.line)).toEqual([14, 15, 16]);
  });

  it('reports the short and the long row', () => {
    expect(rules(read, 'column-count').map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([
      [16, 'info'],
      [17, 'warning'],
    ]);
  });

  it('reads the row with an extra cell', () => {
    expect(action(read.content, 'ListWidgets').accessLevel).toBe('List');
  });
});

describe('markdown-sections values', () => {
  it.each([
    ['Resource Types (*required)', 'resource types (*required)'],
    ['  Access   level: ', 'access level'],
    ['ARN', 'arn'],
  ])('normalizes header %j', (text, expected) => {
    expect(normalizeHeader(text)).toBe(expected);
  });

  it('strips the header suffix', () => {
    expect(headerBase('resource types (*required)')).toBe('resource types');
  });

  it.each([
    ['https://docs.aws.amazon.com/a/b.html', 'https://docs.aws.amazon.com/a/b.html'],
    ['../../../cur/latest/userguide/security.md#user-permissions', 'https://docs.aws.amazon.com/cur/latest/userguide/security.html#user-permissions'],
    ['list_awssystemsmanager.md', 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html'],
    ['#list_cur-action-TagResource', undefined],
  ])('resolves the documentation URL %j', (url, expected) => {
    const file = new VFile({ path: 'page.md' });
    expect(documentationUrl(url, file, undefined)).toBe(expected);
  });
});
