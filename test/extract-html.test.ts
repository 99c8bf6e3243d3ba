/**
 * The HTML reader (dialect `html`), read through `extractPage`: one small
 * page per quirk, then the parse step's content region and positions, then
 * real pages of the corpus.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Nodes, Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { extractPage, type PageResult } from '../generator/extract/page.js';
import type { Action } from '../generator/model/types.js';
import { contentRegion, parseHtml } from '../generator/parse/html.js';

const FIXTURES = new URL('./fixtures/html/', import.meta.url);
const CORPUS = new URL('../../shared/corpus/service-authorization-html/', import.meta.url);
const corpusPresent = existsSync(CORPUS);
if (!corpusPresent) console.warn(`Skipping the real HTML pages: ${CORPUS.pathname} does not exist.`);

const REFERENCE_FIXTURES = [
  'actions-table-missing.html',
  'columns-reordered.html',
  'missing-cell.html',
  'note-before-table.html',
  'permission-only.html',
  'placeholder.html',
  'prefix-without-code.html',
  'rowspan-action-keys.html',
  'several-resource-types.html',
  'unknown-references.html',
];

function fixtureText(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

function extractFixture(name: string, edit: (text: string) => string = (text) => text): PageResult {
  return extractPage({ file: `html/${name}`, bytes: Buffer.from(edit(fixtureText(name))) });
}

function extractCorpusPage(snapshot: string, name: string): PageResult {
  return extractPage({ file: name, bytes: readFileSync(new URL(`${snapshot}/${name}`, CORPUS)) });
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

/** Return the line and column (1-based) where `needle` first occurs in the fixture. */
function placeOf(name: string, needle: string): { line: number; column: number } {
  const text = fixtureText(name);
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} is not in ${name}`);
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

describe('html detection', () => {
  it.each(REFERENCE_FIXTURES)('%s reads as html', (name) => {
    const result = extractFixture(name);

    expect(result.page?.dialect).toBe('html');
    expect(result.content?.prefix).toMatch(/^(widgets|storage)$/);
    expect(result.content?.serviceName).toMatch(/^Example (Widgets|Storage)$/);
  });

  it('takes title and prefix from the page', () => {
    const result = extractFixture('rowspan-action-keys.html');

    expect(result.content?.title).toBe('Actions, resources, and condition keys for Example Widgets');
    expect(result.content?.serviceName).toBe('Example Widgets');
    expect(result.content?.prefix).toBe('widgets');
  });

  it('reads a prefix written without code', () => {
    expect(extractFixture('prefix-without-code.html').content?.prefix).toBe('widgets');
  });

  it('rejects the overview page of the same title', () => {
    const result = extractFixture('not-reference.html');

    expect(result.page).toBeNull();
    expect(placesOf(result)).toEqual([{ ruleId: 'unrecognised-page', severity: 'warning', line: 1, column: 1 }]);
  });
});

describe('html actions table', () => {
  it('reads rowspan rows and action-level keys', () => {
    const result = extractFixture('rowspan-action-keys.html');

    expect(actionOf(result, 'TagWidget')).toEqual({
      name: 'TagWidget',
      description: 'Grants permission to add tags to a widget',
      accessLevel: 'Tagging',
      documentationUrl: 'https://docs.aws.amazon.com/widgets/latest/APIReference/API_TagWidget.html',
      resourceTypes: [
        { name: 'widget', required: true, conditionKeys: ['widgets:WidgetColor'], dependentActions: ['widgets:DescribeWidget'] },
        { name: 'gadget', required: false, conditionKeys: [], dependentActions: [] },
      ],
      conditionKeys: ['aws:RequestTag/${TagKey}', 'aws:TagKeys', 'widgets:WidgetColor'],
      dependentActions: ['widgets:DescribeWidget'],
      sources: [{ file: 'html/rowspan-action-keys.html', line: 49 }],
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('starts a new action after a rowspan', () => {
    const result = extractFixture('rowspan-action-keys.html');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['TagWidget', 'ListWidgets']);
    expect(actionOf(result, 'ListWidgets')).toMatchObject({ accessLevel: 'List', resourceTypes: [], conditionKeys: [], dependentActions: [] });
    expect(actionOf(result, 'ListWidgets').sources).toEqual([{ file: 'html/rowspan-action-keys.html', line: 112 }]);
  });

  it('marks a permission-only action', () => {
    const action = actionOf(extractFixture('permission-only.html'), 'ConnectWidget');

    expect(action.permissionOnly).toBe(true);
    expect(action.documentationUrl).toBe('https://docs.aws.amazon.com/service-authorization/latest/reference/list_examplegadgets.html#examplegadgets-actions-as-permissions');
  });

  it('leaves other actions unmarked', () => {
    const result = extractFixture('permission-only.html');

    expect(actionOf(result, 'DescribeWidget')).not.toHaveProperty('permissionOnly');
    expect(actionOf(result, 'PassWidget')).not.toHaveProperty('permissionOnly');
    expect(result.diagnostics).toEqual([]);
  });

  it('keeps a relative link as written', () => {
    expect(actionOf(extractFixture('permission-only.html'), 'DescribeWidget').documentationUrl).toBe('API_DescribeWidget.html');
  });

  it('reads an action without a link', () => {
    const action = actionOf(extractFixture('permission-only.html'), 'PassWidget');

    expect(action).not.toHaveProperty('documentationUrl');
    expect(action.description).toBe('Grants permission to pass a widget to another service');
  });

  it('skips a note before the table', () => {
    const result = extractFixture('note-before-table.html');

    expect(result.page?.actionsTable).toBe('present');
    expect(actionOf(result, 'GetWidget').resourceTypes).toEqual([{ name: 'widget', required: true, conditionKeys: [], dependentActions: [] }]);
    expect(result.content?.resourceTypes.map((resourceType) => resourceType.name)).toEqual(['widget']);
    expect(result.diagnostics).toEqual([]);
  });

  it('finds columns by header text', () => {
    const result = extractFixture('columns-reordered.html');

    expect(actionOf(result, 'PaintWidget')).toEqual({
      name: 'PaintWidget',
      description: 'Grants permission to paint a widget',
      accessLevel: 'Write',
      documentationUrl: 'https://docs.aws.amazon.com/widgets/latest/APIReference/API_PaintWidget.html',
      resourceTypes: [{ name: 'widget', required: true, conditionKeys: ['widgets:WidgetColor'], dependentActions: ['widgets:GetWidget'] }],
      conditionKeys: ['aws:TagKeys', 'widgets:WidgetColor'],
      dependentActions: ['widgets:GetWidget'],
      sources: [{ file: 'html/columns-reordered.html', line: 17 }],
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('reads several resource types', () => {
    const action = actionOf(extractFixture('several-resource-types.html'), 'CopyObject');

    expect(action.resourceTypes).toEqual([
      { name: 'bucket', required: true, conditionKeys: ['aws:ResourceTag/${TagKey}', 'storage:BucketTag'], dependentActions: [] },
      { name: 'object', required: true, conditionKeys: ['storage:ObjectClass', 'storage:ObjectSize'], dependentActions: ['kms:Decrypt', 'storage:GetObject'] },
      { name: 'accesspoint', required: false, conditionKeys: ['storage:AccessPointName'], dependentActions: [] },
    ]);
  });

  it('unites the keys of all rows', () => {
    const result = extractFixture('several-resource-types.html');
    const action = actionOf(result, 'CopyObject');

    expect(action.conditionKeys).toEqual([
      'aws:ResourceTag/${TagKey}',
      'storage:AccessPointName',
      'storage:BucketTag',
      'storage:ObjectClass',
      'storage:ObjectSize',
      'storage:TlsVersion',
    ]);
    expect(action.dependentActions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey', 'storage:GetObject']);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('html resource types and condition keys', () => {
  it('joins an ARN pattern broken by spans', () => {
    const result = extractFixture('rowspan-action-keys.html');

    expect(result.content?.resourceTypes).toEqual([
      {
        name: 'widget',
        arnPattern: 'arn:${Partition}:widgets:${Region}:${Account}:widget/${WidgetId}',
        conditionKeys: ['aws:ResourceTag/${TagKey}'],
        sources: [{ file: 'html/rowspan-action-keys.html', line: 153 }],
      },
      {
        name: 'gadget',
        arnPattern: 'arn:${Partition}:widgets:::gadget/${GadgetId}',
        conditionKeys: [],
        sources: [{ file: 'html/rowspan-action-keys.html', line: 188 }],
      },
    ]);
  });

  it('collapses whitespace in a description', () => {
    const result = extractFixture('rowspan-action-keys.html');

    expect(result.content?.conditionKeys).toEqual([
      {
        name: 'widgets:WidgetColor',
        description: 'Filters access by the color of the widget in the request',
        type: 'String',
        sources: [{ file: 'html/rowspan-action-keys.html', line: 230 }],
      },
    ]);
  });

  it('finds reordered columns without thead', () => {
    const result = extractFixture('columns-reordered.html');

    expect(result.content?.resourceTypes.map(({ name, arnPattern, conditionKeys }) => ({ name, arnPattern, conditionKeys }))).toEqual([
      { name: 'widget', arnPattern: 'arn:${Partition}:widgets:${Region}:${Account}:widget/${WidgetId}', conditionKeys: ['widgets:WidgetColor'] },
    ]);
    expect(result.content?.conditionKeys.map(({ name, description, type }) => ({ name, description, type }))).toEqual([
      { name: 'widgets:WidgetColor', description: 'Filters access by the color of the widget', type: 'String' },
    ]);
  });

  it('reads sections without a table as empty', () => {
    const result = extractFixture('permission-only.html');

    expect(result.content?.resourceTypes).toEqual([]);
    expect(result.content?.conditionKeys).toEqual([]);
  });
});

describe('html actions table states', () => {
  it('reads a placeholder page', () => {
    const result = extractFixture('placeholder.html');

    expect(result.page?.actionsTable).toBe('placeholder');
    expect(result.content?.actions).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads tables below a placeholder', () => {
    const result = extractFixture('placeholder.html');

    expect(result.content?.resourceTypes.map((resourceType) => resourceType.name)).toEqual(['widget']);
    expect(result.content?.conditionKeys.map((key) => key.name)).toEqual(['widgets:WidgetColor']);
  });

  it('reports a missing actions table', () => {
    const result = extractFixture('actions-table-missing.html');

    expect(result.page?.actionsTable).toBe('absent');
    expect(placesOf(result)).toEqual([
      { ruleId: 'actions-table-missing', severity: 'warning', ...placeOf('actions-table-missing.html', '<h2 id="examplewidgets-actions-as-permissions">') },
    ]);
  });
});

describe('html diagnostics', () => {
  it('reports rows of the wrong length', () => {
    const result = extractFixture('missing-cell.html');

    expect(placesOf(result)).toEqual([
      { ruleId: 'column-count', severity: 'warning', ...placeOf('missing-cell.html', '<tr id="five-cells">') },
      { ruleId: 'column-count', severity: 'warning', ...placeOf('missing-cell.html', '<tr id="seven-cells">') },
      { ruleId: 'column-count', severity: 'warning', ...placeOf('missing-cell.html', '<tr id="short-continuation">') },
    ]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.actual)).toEqual(['5 cells', '7 cells', '5 cells']);
  });

  it('still reads rows of the wrong length', () => {
    const result = extractFixture('missing-cell.html');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'DeleteWidget', 'MoveWidget', 'ListWidgets']);
    expect(actionOf(result, 'CreateWidget')).toMatchObject({ conditionKeys: ['aws:TagKeys'], dependentActions: [] });
    expect(actionOf(result, 'MoveWidget').resourceTypes).toEqual([
      { name: 'widget', required: true, conditionKeys: [], dependentActions: [] },
      { name: 'shelf', required: false, conditionKeys: ['aws:ResourceTag/${TagKey}'], dependentActions: [] },
    ]);
  });

  it('reports unknown references and access levels', () => {
    const result = extractFixture('unknown-references.html');
    const getWidget = placeOf('unknown-references.html', '<td id="examplewidgets-GetWidget">');

    expect(placesOf(result)).toEqual([
      // The reference checks of every dialect place their diagnostics at the start of the action's line.
      { ruleId: 'unknown-resource-type', severity: 'warning', line: getWidget.line, column: 1 },
      { ruleId: 'undefined-condition-key', severity: 'warning', line: getWidget.line, column: 1 },
      { ruleId: 'unknown-access-level', severity: 'warning', ...placeOf('unknown-references.html', '<td>Administration') },
      { ruleId: 'duplicate-action', severity: 'warning', ...placeOf('unknown-references.html', '<td id="examplewidgets-GetWidget-again">') },
      { ruleId: 'conflicting-definition', severity: 'warning', ...placeOf('unknown-references.html', '<td>List') },
    ]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.actual)).toEqual(['gizmo', 'widgets:Flavor', 'Administration', 'GetWidget', 'List']);
  });

  it('leaves an unknown access level null', () => {
    expect(actionOf(extractFixture('unknown-references.html'), 'AdministerWidget').accessLevel).toBeNull();
  });

  it('merges the rows of a duplicate action', () => {
    const result = extractFixture('unknown-references.html');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['GetWidget', 'AdministerWidget']);
    expect(actionOf(result, 'GetWidget').resourceTypes?.map((resourceType) => resourceType.name)).toEqual(['gizmo', 'widget']);
    expect(actionOf(result, 'GetWidget').accessLevel).toBe('Read');
  });

  it('keeps the line of each duplicate', () => {
    const result = extractFixture('unknown-references.html');

    expect(actionOf(result, 'GetWidget').sources).toEqual([
      { file: 'html/unknown-references.html', line: placeOf('unknown-references.html', '<td id="examplewidgets-GetWidget">').line },
      { file: 'html/unknown-references.html', line: placeOf('unknown-references.html', '<td id="examplewidgets-GetWidget-again">').line },
    ]);
  });

  it('reports nesting too deep to parse', () => {
    const deep = '<div>'.repeat(100_000) + 'x' + '</div>'.repeat(100_000);
    const result = extractFixture('rowspan-action-keys.html', (text) => text.replace('<h2 id="examplewidgets-actions-as-permissions">', `${deep}\n$&`));

    expect(result.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.severity])).toContainEqual(['nesting-too-deep', 'error']);
    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('reader-failed');
    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).not.toContain('unrecognised-page');
  });

  it('reports and skips deep nesting', () => {
    const deep = '<div>'.repeat(1_000) + 'x' + '</div>'.repeat(1_000);
    const result = extractFixture('rowspan-action-keys.html', (text) => text.replace('<h2 id="examplewidgets-actions-as-permissions">', `${deep}\n$&`));

    expect(placesOf(result).filter((diagnostic) => diagnostic.ruleId === 'nesting-too-deep')).toHaveLength(1);
    expect(result.content?.actions.map((action) => action.name)).toEqual(['TagWidget', 'ListWidgets']);
  });
});

describe('html parse step', () => {
  it('parses the region from the title to the footer', () => {
    const text = fixtureText('rowspan-action-keys.html');
    const region = contentRegion(text);

    expect(text.slice(region?.start, (region?.start ?? 0) + 3)).toBe('<h1');
    expect(text.slice(region?.end, (region?.end ?? 0) + 60)).toMatch(/^<div class="awsui-util-font-size-0" id="main-col-footer">/);
  });

  it('parses the whole page without the footer', () => {
    expect(contentRegion(fixtureText('rowspan-action-keys.html').replace('main-col-footer', 'page-footer'))).toBeUndefined();
    expect(contentRegion(fixtureText('prefix-without-code.html'))).toBeUndefined();
  });

  it.each(REFERENCE_FIXTURES)('%s reads the same as a whole page', (name) => {
    const region = extractFixture(name);
    const whole = extractFixture(name, (text) => text.replace('main-col-footer', 'page-footer'));

    expect(region.content).toEqual(whole.content);
    expect(region.diagnostics).toEqual(whole.diagnostics);
  });

  it('reads CRLF line endings', () => {
    const lf = extractFixture('missing-cell.html');
    const crlf = extractFixture('missing-cell.html', (text) => text.replaceAll('\n', '\r\n'));

    expect(crlf.content).toEqual(lf.content);
    expect(crlf.diagnostics).toEqual(lf.diagnostics);
  });

  it.skipIf(!corpusPresent)('keeps every start position of a real page', () => {
    const text = readFileSync(new URL('2026-06-14/list_amazonchime.html', CORPUS), 'utf8');
    const region = contentRegion(text);
    const whole = unified().use(rehypeParse).parse(new VFile({ value: text }));
    const parsed = parseHtml(new VFile({ value: text }));

    // Elements, and text nodes that are more than whitespace, in document order.
    const startsIn = (tree: Root): string[] =>
      nodesOf(tree)
        .filter((node) => node.type === 'element' || (node.type === 'text' && node.value.trim() !== ''))
        .filter((node) => (node.position?.start.offset ?? -1) >= (region?.start ?? 0) && (node.position?.start.offset ?? -1) < (region?.end ?? 0))
        .map((node) => `${node.type === 'element' ? node.tagName : 'text'} ${node.position?.start.line}:${node.position?.start.column}:${node.position?.start.offset}`);
    const expected = startsIn(whole);

    expect(expected.length).toBeGreaterThan(5_000);
    expect(startsIn(parsed)).toEqual(expected);
  });
});

/** Return the nodes of `tree` in document order. */
function nodesOf(tree: Root): Nodes[] {
  const nodes: Nodes[] = [];
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    nodes.push(node);
    if (node.type === 'element' || node.type === 'root') stack.push(...[...node.children].reverse());
  }
  return nodes;
}

describe.skipIf(!corpusPresent)('html real pages', () => {
  it('keeps scenario rows apart from the resource types', () => {
    const scheduleRun = actionOf(extractCorpusPage('2026-06-14', 'list_awsdevicefarm.html'), 'ScheduleRun');

    expect(scheduleRun.resourceTypes).toEqual([
      { name: 'project', required: true, conditionKeys: [], dependentActions: [] },
      { name: 'devicepool', required: false, conditionKeys: [], dependentActions: [] },
      { name: 'upload', required: false, conditionKeys: [], dependentActions: [] },
    ]);
    expect(scheduleRun.scenarios).toEqual([
      {
        name: 'Device Pool as filter',
        resourceTypes: [
          { name: 'devicepool', required: true },
          { name: 'project', required: true },
          { name: 'upload', required: false },
        ],
      },
      {
        name: 'Device Selection Configuration as filter',
        resourceTypes: [
          { name: 'project', required: true },
          { name: 'upload', required: false },
        ],
      },
    ]);
  });

  it('leaves resource types of a scenario optional', () => {
    const tagResource = actionOf(extractCorpusPage('2026-06-14', 'list_amazoncloudwatch.html'), 'TagResource');

    expect(tagResource.resourceTypes?.every((resourceType) => !resourceType.required)).toBe(true);
    expect(tagResource.scenarios?.length).toBeGreaterThan(1);
  });

  it('keeps the space in a resource type name', () => {
    const result = extractCorpusPage('2026-06-14', 'list_amazonlexv2.html');
    const names = result.content?.resourceTypes.map((resourceType) => resourceType.name) ?? [];

    expect(names).toContain('bot alias');
    expect(actionOf(result, 'DeleteBotAlias').resourceTypes).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'bot alias', required: true })]));
    expect(result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'unknown-resource-type')).toEqual([]);
  });

  it('reads the Amazon Chime page', () => {
    const result = extractCorpusPage('2026-06-14', 'list_amazonchime.html');

    expect(result.content?.serviceName).toBe('Amazon Chime');
    expect(result.content?.prefix).toBe('chime');
    expect(result.content?.actions).toHaveLength(316);
    expect(result.content?.resourceTypes).toHaveLength(13);
    expect(result.content?.conditionKeys.map((key) => key.name)).toEqual(['aws:RequestTag/${TagKey}', 'aws:ResourceTag/${TagKey}', 'aws:TagKeys']);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads AssociateChannelFlow', () => {
    const action = actionOf(extractCorpusPage('2026-06-14', 'list_amazonchime.html'), 'AssociateChannelFlow');

    expect(action).toEqual({
      name: 'AssociateChannelFlow',
      description: 'Grants permission to associate a flow with a channel',
      accessLevel: 'Write',
      documentationUrl: 'https://docs.aws.amazon.com/chime-sdk/latest/APIReference/API_messaging-chime_AssociateChannelFlow.html',
      resourceTypes: [
        { name: 'app-instance-bot', required: true, conditionKeys: [], dependentActions: [] },
        { name: 'app-instance-user', required: true, conditionKeys: [], dependentActions: [] },
        { name: 'channel', required: true, conditionKeys: [], dependentActions: [] },
        { name: 'channel-flow', required: true, conditionKeys: [], dependentActions: [] },
      ],
      conditionKeys: [],
      dependentActions: [],
      sources: [{ file: 'list_amazonchime.html', line: 432 }],
    });
  });

  it('reads keys on the last Chime row', () => {
    const action = actionOf(extractCorpusPage('2026-06-14', 'list_amazonchime.html'), 'CreateChannel');

    expect(action.resourceTypes).toEqual([
      { name: 'app-instance-bot', required: true, conditionKeys: [], dependentActions: [] },
      { name: 'app-instance-user', required: true, conditionKeys: [], dependentActions: [] },
    ]);
    expect(action.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys']);
  });

  it('reads a real permission-only action', () => {
    const action = actionOf(extractCorpusPage('2026-06-14', 'list_amazonchime.html'), 'AssociateVoiceConnectorConnect');

    expect(action.permissionOnly).toBe(true);
    expect(action.documentationUrl).toBe('https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonconnect.html#amazonconnect-actions-as-permissions');
    expect(action.sources).toEqual([{ file: 'list_amazonchime.html', line: 576 }]);
  });

  it('reads a real resource type', () => {
    const resourceType = extractCorpusPage('2026-06-14', 'list_amazonchime.html').content?.resourceTypes.find((candidate) => candidate.name === 'app-instance-bot');

    expect(resourceType).toEqual({
      name: 'app-instance-bot',
      arnPattern: 'arn:${Partition}:chime:${Region}:${AccountId}:app-instance/${AppInstanceId}/bot/${AppInstanceBotId}',
      conditionKeys: ['aws:ResourceTag/${TagKey}'],
      sources: [{ file: 'list_amazonchime.html', line: 9324 }],
    });
  });

  it('reads the older anchor markup', () => {
    // Some pages of the 2026 snapshot mark an action with <a id> in the cell, not with the cell's id.
    const result = extractCorpusPage('2026-06-14', 'list_elasticloadbalancing.html');

    expect(actionOf(result, 'AddTags')).toMatchObject({
      accessLevel: 'Tagging',
      resourceTypes: [{ name: 'loadbalancer', required: true, conditionKeys: [], dependentActions: [] }],
      conditionKeys: ['aws:RequestTag/${TagKey}', 'aws:TagKeys'],
      sources: [{ file: 'list_elasticloadbalancing.html', line: 228 }],
    });
    expect(result.diagnostics).toEqual([]);
  });

  it('keys RunInstances resource types by row', () => {
    const action = actionOf(extractCorpusPage('2026-06-14', 'list_amazonec2.html'), 'RunInstances');

    expect(action.resourceTypes?.[0]).toEqual({
      name: 'image',
      required: true,
      conditionKeys: [
        'aws:ResourceTag/${TagKey}',
        'ec2:ImageID',
        'ec2:ImageType',
        'ec2:IsLaunchTemplateResource',
        'ec2:LaunchTemplate',
        'ec2:Owner',
        'ec2:Public',
        'ec2:ResourceTag/${TagKey}',
        'ec2:RootDeviceType',
      ],
      dependentActions: ['ec2:CreateTags', 'iam:PassRole', 'ssm:GetParameters'],
    });
    // volume is optional for the action, and required in the scenarios that use EBS.
    expect(action.resourceTypes?.find((resourceType) => resourceType.name === 'volume')?.required).toBe(false);
    const ebs = action.scenarios?.find((scenario) => scenario.name === 'EC2-VPC-EBS');
    expect(ebs?.resourceTypes.find((resourceType) => resourceType.name === 'volume')?.required).toBe(true);
  });

  it('reports upstream reference mistakes', () => {
    const config = extractCorpusPage('2026-06-14', 'list_awsconfig.html');
    const instanceConnect = extractCorpusPage('2026-06-14', 'list_amazonec2instanceconnect.html');

    // The actions of AWS Config name a resource type "Connector" that its table does not have.
    expect(config.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.actual])).toEqual([
      ['unknown-resource-type', 'Connector'],
      ['unknown-resource-type', 'Connector'],
      ['unknown-resource-type', 'Connector'],
    ]);
    // The condition keys table spells it "maxTunnelDuration".
    expect(instanceConnect.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.actual])).toEqual([
      ['undefined-condition-key', 'ec2-instance-connect:MaxTunnelDuration'],
    ]);
  });
});
