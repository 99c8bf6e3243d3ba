import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, diagnosticsOf } from '../generator/diagnostics.js';
import { markdownExportReader } from '../generator/extract/markdown-export.js';
import { markdownListReader } from '../generator/extract/markdown-list.js';
import { frontMatterEndLine } from '../generator/extract/markdown-sections.js';
import type { PageContent } from '../generator/extract/types.js';
import type { Action } from '../generator/model/types.js';
import { parseMarkdown } from '../generator/parse/markdown.js';

const FIXTURES = new URL('./fixtures/markdown-list/', import.meta.url);

interface Read {
  detected: boolean;
  detectedAsExport: boolean;
  content: PageContent;
  diagnostics: Diagnostic[];
}

function readFixture(name: string): Read {
  const file = new VFile({ path: `markdown-list/${name}`, value: readFileSync(fileURLToPath(new URL(name, FIXTURES)), 'utf8') });
  const tree = parseMarkdown(file);
  const detected = markdownListReader.detect(tree, file);
  const detectedAsExport = markdownExportReader.detect(tree, file);
  const content = markdownListReader.extract(tree, file);
  return { detected, detectedAsExport, content, diagnostics: diagnosticsOf(file) };
}

function action(content: PageContent, name: string): Action {
  const found = content.actions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`action ${name} not found; the page has ${content.actions.map((a) => a.name).join(', ')}`);
  return found;
}

function rules(read: Read, ruleId: string): Diagnostic[] {
  return read.diagnostics.filter((diagnostic) => diagnostic.ruleId === ruleId);
}

const FIXTURE_NAMES = [
  'front-matter.md',
  'several-resource-types.md',
  'permission-only-table.md',
  'permission-only-list.md',
  'operations-list.md',
  'operations-table.md',
  'placeholder-url.md',
  'diagnostics.md',
  'actions-missing.md',
];

describe('markdown-list detection', () => {
  it.each(FIXTURE_NAMES)('claims %s', (name) => {
    const read = readFixture(name);
    expect(read.detected).toBe(true);
    expect(read.detectedAsExport).toBe(false);
    expect(read.content.dialect).toBe('markdown-list');
  });
});

describe('markdown-list front matter', () => {
  const read = readFixture('front-matter.md');

  it('finds the end of the front matter', () => {
    expect(frontMatterEndLine('---\ntitle: x\n---\n# T\n')).toBe(3);
    expect(frontMatterEndLine('# T\n---\n')).toBe(0);
    expect(frontMatterEndLine('---\nnever closed\n')).toBe(0);
  });

  it('reads the title after the front matter', () => {
    expect(read.content.title).toBe('Actions, resources, and condition keys for Example Service');
    expect(read.content.serviceName).toBe('Example Service');
  });

  it('takes the prefix from the page, not the front matter', () => {
    expect(read.content.prefix).toBe('example');
  });

  it('reads the action with its line', () => {
    expect(read.content.actions.map((a) => a.name)).toEqual(['GetWidget']);
    expect(action(read.content, 'GetWidget').sources).toEqual([{ file: 'markdown-list/front-matter.md', line: 16 }]);
    expect(action(read.content, 'GetWidget').accessLevel).toBe('Read');
  });

  it('reads the resource types table', () => {
    expect(read.content.resourceTypes).toEqual([
      {
        name: 'widget',
        arnPattern: 'arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}',
        conditionKeys: [],
        sources: [{ file: 'markdown-list/front-matter.md', line: 27 }],
      },
    ]);
  });

  it('reports nothing', () => {
    expect(read.diagnostics).toEqual([]);
  });
});

describe('markdown-list nested bullets', () => {
  const read = readFixture('several-resource-types.md');
  const tagWidget = action(read.content, 'TagWidget');
  const copyWidget = action(read.content, 'CopyWidget');
  const getWidget = action(read.content, 'GetWidget');

  it('reads one resource type per line with its own condition keys', () => {
    expect(tagWidget.resourceTypes).toEqual([
      { name: 'widget', required: true, conditionKeys: ['aws:ResourceTag/${TagKey}', 'example:WidgetColor'] },
      { name: 'gadget', required: false, conditionKeys: [] },
    ]);
  });

  it('unions action and resource type condition keys, sorted', () => {
    expect(tagWidget.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:ResourceTag/${TagKey}', 'aws:TagKeys', 'example:WidgetColor']);
  });

  it('reads the fields of an action', () => {
    expect(tagWidget.description).toBe('Grants permission to tag a widget or a gadget');
    expect(tagWidget.accessLevel).toBe('Tagging');
    expect(tagWidget.documentationUrl).toBe('https://docs.aws.amazon.com/example/latest/APIReference/API_TagWidget.html');
  });

  it('splits values at <br />', () => {
    expect(copyWidget.dependentActions).toEqual(['example:GetWidget', 'example:TagWidget']);
    expect(copyWidget.conditionKeys).toEqual(['example:WidgetColor']);
  });

  it('leaves condition keys on their own line off the resource type', () => {
    expect(copyWidget.resourceTypes).toEqual([{ name: 'widget', required: true }]);
  });

  it('ties dependent actions after " / " to the resource type', () => {
    expect(getWidget.resourceTypes).toEqual([{ name: 'widget', required: true, conditionKeys: [], dependentActions: ['example:DescribeGadget'] }]);
    expect(getWidget.dependentActions).toEqual(['example:DescribeGadget']);
  });

  it('reads a plain-text action name without URL', () => {
    expect(getWidget.name).toBe('GetWidget');
    expect(getWidget.documentationUrl).toBeUndefined();
  });

  it('gives every action dependent actions once the page has any', () => {
    expect(tagWidget.dependentActions).toEqual([]);
  });

  it('reads condition keys with type', () => {
    expect(read.content.conditionKeys.map((key) => [key.name, key.type])).toEqual([
      ['aws:RequestTag/${TagKey}', 'String'],
      ['example:WidgetColor', 'String'],
    ]);
  });

  it('reports nothing', () => {
    expect(read.diagnostics).toEqual([]);
  });
});

describe('markdown-list permission-only actions', () => {
  it('reads them from a table', () => {
    const read = readFixture('permission-only-table.md');
    expect(read.content.actions.map((a) => [a.name, a.permissionOnly, a.accessLevel])).toEqual([
      ['ApproveWidget', true, 'Write'],
      ['ListWidgets', true, 'List'],
    ]);
    expect(action(read.content, 'ApproveWidget').description).toBe('Grants permission to approve a widget (console only)');
    expect(action(read.content, 'ApproveWidget').resourceTypes).toEqual([]);
    expect(read.content.actionsTable).toBe('present');
    expect(read.content.resourceTypes).toEqual([]);
    expect(read.diagnostics).toEqual([]);
  });

  it('reads them from a list', () => {
    const read = readFixture('permission-only-list.md');
    expect(action(read.content, 'PassWidget').permissionOnly).toBe(true);
    expect(action(read.content, 'PassWidget').resourceTypes).toEqual([{ name: 'widget', required: true }]);
    expect(action(read.content, 'GetWidget').permissionOnly).toBeUndefined();
    expect(read.content.actionsTable).toBe('present');
  });
});

describe('markdown-list API operations', () => {
  it('reads a list with several fields on one line', () => {
    const read = readFixture('operations-list.md');
    expect(read.content.operations).toEqual([
      {
        name: 'CreateWidget',
        actions: ['example:CreateWidget', 'example:TagWidget', 'iam:PassRole'],
        sources: [{ file: 'markdown-list/operations-list.md', line: 11 }],
      },
      { name: 'GetWidget', actions: ['example:GetWidget'], sources: [{ file: 'markdown-list/operations-list.md', line: 17 }] },
    ]);
  });

  it('keeps operations apart from actions', () => {
    const read = readFixture('operations-list.md');
    expect(read.content.actions.map((a) => a.name)).toEqual(['CreateWidget']);
  });

  it('reads a table with a continuation row', () => {
    const read = readFixture('operations-table.md');
    expect(read.content.operations?.map((operation) => [operation.name, operation.actions])).toEqual([
      ['CreateWidget', ['example:CreateWidget', 'iam:PassRole']],
      ['GetWidget', ['example:GetWidget']],
    ]);
    expect(read.diagnostics).toEqual([]);
  });

  it('reads an actions table in the list dialect', () => {
    const read = readFixture('operations-table.md');
    expect(read.content.actions.map((a) => [a.name, a.accessLevel, a.dependentActions])).toEqual([
      ['CreateWidget', 'Write', null],
      ['GetWidget', 'Read', null],
    ]);
  });

  it('leaves operations out when the page has none', () => {
    expect(readFixture('several-resource-types.md').content.operations).toBeUndefined();
  });
});

describe('markdown-list placeholder links', () => {
  const read = readFixture('placeholder-url.md');

  it('records no documentation URL', () => {
    expect(action(read.content, 'GetBanner').documentationUrl).toBeUndefined();
    expect(action(read.content, 'SaveFeedback').documentationUrl).toBeUndefined();
  });

  it('reports each placeholder as info', () => {
    const placeholders = rules(read, 'placeholder-url');
    expect(placeholders.map((diagnostic) => [diagnostic.line, diagnostic.severity, diagnostic.actual])).toEqual([
      [9, 'info', '${AuthZDocPage}'],
      [20, 'info', '${AuthZDocPage}'],
    ]);
  });
});

describe('markdown-list diagnostics', () => {
  const read = readFixture('diagnostics.md');

  it('keeps the first of two actions with one name', () => {
    expect(read.content.actions).toHaveLength(1);
    expect(action(read.content, 'GetWidget').description).toBe('Grants permission to get a widget');
    expect(rules(read, 'duplicate-action').map((diagnostic) => diagnostic.line)).toEqual([15]);
  });

  it('reads an unknown access level as null', () => {
    expect(action(read.content, 'GetWidget').accessLevel).toBeNull();
    expect(rules(read, 'unknown-access-level').map((diagnostic) => diagnostic.actual)).toEqual(['Sometimes']);
  });

  it('reports a resource type the table lacks', () => {
    expect(rules(read, 'unknown-resource-type').map((diagnostic) => diagnostic.actual)).toEqual(['sprocket']);
  });

  it('reports an undefined service condition key but not a global one', () => {
    expect(rules(read, 'undefined-condition-key').map((diagnostic) => diagnostic.actual)).toEqual(['example:Undefined']);
  });

  it('reports a table row with a missing cell', () => {
    expect(rules(read, 'column-count').map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[26, 'warning']]);
    expect(read.content.resourceTypes.map((resourceType) => [resourceType.name, resourceType.conditionKeys])).toEqual([['widget', []]]);
  });
});

describe('markdown-list actions section without actions', () => {
  const read = readFixture('actions-missing.md');

  it('reports actions-table-missing', () => {
    expect(rules(read, 'actions-table-missing').map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([[6, 'warning']]);
  });

  it('marks the actions table absent', () => {
    expect(read.content.actionsTable).toBe('absent');
    expect(read.content.actions).toEqual([]);
  });

  it('does not report a page that says it has none', () => {
    expect(rules(readFixture('permission-only-table.md'), 'actions-table-missing')).toEqual([]);
  });
});
