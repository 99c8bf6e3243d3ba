import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { type Diagnostic, diagnosticsOf } from '../generator/diagnostics.js';
import { markdownExportReader } from '../generator/extract/markdown-export.js';
import { markdownListReader } from '../generator/extract/markdown-list.js';
import type { PageContent } from '../generator/extract/types.js';
import type { Action, Operation } from '../generator/model/types.js';
import { parseMarkdown } from '../generator/parse/markdown.js';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const MODERN = `${CORPUS}modern-md/`;
const VARIANT = `${CORPUS}modern-md/variant/`;
const SNAPSHOT = `${CORPUS}iam-user-guide/snapshots/2020-11-06/`;
const SEED = fileURLToPath(new URL('../../shared/seed/list_amazonchime.md', import.meta.url));
const present = existsSync(MODERN);
if (!present) console.warn(`Skipping the modern-md corpus tests: ${MODERN} does not exist.`);

interface Read {
  detectedAsList: boolean;
  detectedAsExport: boolean;
  content: PageContent;
  diagnostics: Diagnostic[];
}

function pagesIn(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.md'))
    .sort();
}

const cache = new Map<string, Read>();

/** Read a corpus page with the reader its folder is written in, whatever detection says. */
function readPage(folder: string, name: string): Read {
  const path = `${folder}${name}`;
  const cached = cache.get(path);
  if (cached) return cached;

  const file = new VFile({ path: path.slice(CORPUS.length), value: readFileSync(path, 'utf8') });
  const tree = parseMarkdown(file);
  const detectedAsList = markdownListReader.detect(tree, file);
  const detectedAsExport = markdownExportReader.detect(tree, file);
  const reader = folder === VARIANT ? markdownExportReader : markdownListReader;
  const read = { detectedAsList, detectedAsExport, content: reader.extract(tree, file), diagnostics: diagnosticsOf(file) };
  cache.set(path, read);
  return read;
}

function action(folder: string, page: string, name: string): Action {
  const found = readPage(folder, page).content.actions.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`action ${name} not found in ${page}`);
  return found;
}

function operation(folder: string, page: string, name: string): Operation {
  const found = readPage(folder, page).content.operations?.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`operation ${name} not found in ${page}`);
  return found;
}

function totals(folder: string): Record<string, number> {
  const reads = pagesIn(folder).map((name) => readPage(folder, name).content);
  return {
    pages: reads.length,
    actions: reads.reduce((sum, content) => sum + content.actions.length, 0),
    resourceTypes: reads.reduce((sum, content) => sum + content.resourceTypes.length, 0),
    conditionKeys: reads.reduce((sum, content) => sum + content.conditionKeys.length, 0),
    operations: reads.reduce((sum, content) => sum + (content.operations?.length ?? 0), 0),
  };
}

describe.skipIf(!present)('modern-md pages (markdown-list)', () => {
  const pages = present ? pagesIn(MODERN) : [];

  it('has the twelve pages', () => {
    expect(pages).toHaveLength(12);
  });

  it.each(pages)('%s is detected as markdown-list only', (name) => {
    const read = readPage(MODERN, name);
    expect(read.detectedAsList).toBe(true);
    expect(read.detectedAsExport).toBe(false);
    expect(read.content.dialect).toBe('markdown-list');
  });

  it.each(pages)('%s has a prefix and actions', (name) => {
    const { content } = readPage(MODERN, name);
    expect(content.prefix).toMatch(/^[a-z0-9-]+$/);
    expect(content.actions.length).toBeGreaterThan(0);
    expect(content.actionsTable).toBe('present');
  });

  it.each(pages)('%s gives every action a source line', (name) => {
    const { content } = readPage(MODERN, name);
    expect(content.actions.filter((a) => !(a.sources[0] && a.sources[0].line > 1))).toEqual([]);
    expect(content.actions.every((a) => a.sources[0]?.file === `modern-md/${name}`)).toBe(true);
  });

  it.each(pages)('%s reports no errors', (name) => {
    expect(readPage(MODERN, name).diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  });

  it.each([
    ['list_agent-registry.md', 'agent-registry'],
    ['list_iam.md', 'iam'],
    ['list_pinpoint-sms-voice.md', 'sms-voice'],
    ['list_stepfunctions.md', 'states'],
  ])('%s has prefix %s', (name, prefix) => {
    expect(readPage(MODERN, name).content.prefix).toBe(prefix);
  });

  it('skips the front matter of the agent registry page', () => {
    const { content } = readPage(MODERN, 'list_agent-registry.md');
    expect(content.title).toBe('Actions, resources, and condition keys for AWS Agent Registry');
    expect(content.serviceName).toBe('AWS Agent Registry');
  });

  it('ties condition keys to each resource type of ListTagsForResource', () => {
    expect(action(MODERN, 'list_agent-registry.md', 'ListTagsForResource').resourceTypes).toEqual([
      { name: 'registry', required: false, conditionKeys: ['aws:ResourceTag/${TagKey}'] },
      { name: 'registry-record', required: false, conditionKeys: ['aws:ResourceTag/${TagKey}'] },
    ]);
    expect(action(MODERN, 'list_agent-registry.md', 'ListTagsForResource').accessLevel).toBe('List');
  });

  it('reads CreateRegistry of the agent registry', () => {
    const createRegistry = action(MODERN, 'list_agent-registry.md', 'CreateRegistry');
    expect(createRegistry.resourceTypes).toEqual([]);
    expect(createRegistry.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:TagKeys']);
    expect(createRegistry.documentationUrl).toBe('https://docs.aws.amazon.com/agent-registry-control/latest/APIReference/API_CreateRegistry.html');
    expect(createRegistry.permissionOnly).toBeUndefined();
  });

  it('marks the permission-only list of the agent registry', () => {
    const permissionOnly = readPage(MODERN, 'list_agent-registry.md').content.actions.filter((a) => a.permissionOnly);
    expect(permissionOnly.map((a) => a.name)).toEqual(['DeleteResourcePolicy', 'GetResourcePolicy', 'PutResourcePolicy']);
  });

  it('maps CreateRegistryRecord to five IAM actions', () => {
    expect(operation(MODERN, 'list_agent-registry.md', 'CreateRegistryRecord').actions).toEqual([
      'agent-registry:CreateRegistryRecord',
      'agent-registry:TagResource',
      'bedrock-agentcore:GetResourceOauth2Token',
      'bedrock-agentcore:GetWorkloadAccessToken',
      'iam:PassRole',
    ]);
  });

  it('reads GetReport of Artifact', () => {
    const getReport = action(MODERN, 'list_artifact.md', 'GetReport');
    expect(getReport.resourceTypes).toEqual([{ name: 'report', required: true }]);
    expect(getReport.conditionKeys).toEqual(['artifact:ReportCategory', 'artifact:ReportSeries']);
    expect(getReport.accessLevel).toBe('Read');
  });

  it('resolves escapes in an ARN pattern', () => {
    const agreement = readPage(MODERN, 'list_artifact.md').content.resourceTypes.find((resourceType) => resourceType.name === 'agreement');
    expect(agreement?.arnPattern).toBe('arn:${Partition}:artifact:::agreement/*');
  });

  it('reads ApplySchema of Cloud Directory with two resource types', () => {
    expect(action(MODERN, 'list_clouddirectory.md', 'ApplySchema').resourceTypes).toEqual([
      { name: 'directory', required: true, conditionKeys: [] },
      { name: 'publishedSchema', required: true, conditionKeys: [] },
    ]);
  });

  it('maps BatchRead of Cloud Directory to fifteen IAM actions', () => {
    const batchRead = operation(MODERN, 'list_clouddirectory.md', 'BatchRead');
    expect(batchRead.actions).toHaveLength(15);
    expect(batchRead.actions[0]).toBe('clouddirectory:BatchRead');
    expect(batchRead.actions.at(-1)).toBe('clouddirectory:LookupPolicy');
  });

  it('reads the Honeycode permission-only table', () => {
    const approve = action(MODERN, 'list_honeycode.md', 'ApproveTeamAssociation');
    expect(approve.permissionOnly).toBe(true);
    expect(approve.accessLevel).toBe('Write');
    expect(approve.documentationUrl).toBe('https://docs.aws.amazon.com/honeycode/latest/UserGuide/team-association.html#approve-team-association');
  });

  it('reads "Tagging, Write" as Tagging', () => {
    const read = readPage(MODERN, 'list_honeycode.md');
    expect(action(MODERN, 'list_honeycode.md', 'TagResource').accessLevel).toBe('Tagging');
    expect(read.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'unknown-access-level')).toEqual([]);
    expect(read.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'combined-access-level').map((diagnostic) => diagnostic.actual)).toEqual([
      'Tagging, Write',
      'Tagging, Write',
      'Tagging, Write',
    ]);
  });

  it('reads DeleteVirtualMFADevice of IAM', () => {
    const deleteDevice = action(MODERN, 'list_iam.md', 'DeleteVirtualMFADevice');
    expect(deleteDevice.resourceTypes).toEqual([
      { name: 'mfa', required: false, conditionKeys: ['aws:ResourceTag/${TagKey}'] },
      { name: 'sms-mfa', required: false, conditionKeys: [] },
    ]);
    expect(deleteDevice.conditionKeys).toEqual(['aws:ResourceTag/${TagKey}']);
  });

  it('reads PassRole of IAM as permission-only', () => {
    const passRole = action(MODERN, 'list_iam.md', 'PassRole');
    expect(passRole.permissionOnly).toBe(true);
    expect(passRole.conditionKeys).toEqual(['aws:ResourceTag/${TagKey}', 'iam:AssociatedResourceArn', 'iam:PassedToService', 'iam:ResourceTag/${TagKey}']);
  });

  it('maps AddRoleToInstanceProfile to PassRole as well', () => {
    expect(operation(MODERN, 'list_iam.md', 'AddRoleToInstanceProfile').actions).toEqual(['iam:AddRoleToInstanceProfile', 'iam:PassRole']);
  });

  it('reads the identity store page that has only permission-only actions', () => {
    const { content } = readPage(MODERN, 'list_identitystore-auth.md');
    expect(content.actions.map((a) => [a.name, a.accessLevel, a.permissionOnly])).toEqual([
      ['BatchDeleteSession', 'Write', true],
      ['BatchGetSession', 'Read', true],
      ['ListSessions', 'List', true],
    ]);
    expect(content.resourceTypes).toEqual([]);
    expect(content.operations).toBeUndefined();
  });

  it('reads the actions table of Pinpoint SMS and Voice', () => {
    const create = action(MODERN, 'list_pinpoint-sms-voice.md', 'CreateConfigurationSet');
    expect(create.description).toBe('Create a new configuration set. After you create the configuration set, you can add one or more event destinations to it.');
    expect(create.resourceTypes).toEqual([]);
    expect(create.accessLevel).toBe('Write');
  });

  it('reads a resource types row without a closing pipe', () => {
    expect(readPage(MODERN, 'list_savingsplans.md').content.resourceTypes).toEqual([
      {
        name: 'savingsplan',
        arnPattern: 'arn:${Partition}:savingsplans::${Account}:savingsplan/${ResourceId}',
        conditionKeys: ['aws:ResourceTag/${TagKey}'],
        sources: [{ file: 'modern-md/list_savingsplans.md', line: 167 }],
      },
    ]);
  });

  it('keeps a resource type name with a space', () => {
    const names = readPage(MODERN, 'list_stepfunctions.md').content.resourceTypes.map((resourceType) => resourceType.name);
    expect(names).toContain('labelled execution');
  });

  it('reads DescribeExecution of Step Functions', () => {
    expect(action(MODERN, 'list_stepfunctions.md', 'DescribeExecution').resourceTypes).toEqual([
      { name: 'execution', required: true, conditionKeys: ['aws:ResourceTag/${TagKey}'] },
      { name: 'express', required: true, conditionKeys: [] },
    ]);
  });

  it('records no placeholder URL on the Support Console page', () => {
    const read = readPage(MODERN, 'list_support-console.md');
    expect(read.content.actions).toHaveLength(13);
    expect(read.content.actions.filter((a) => a.documentationUrl !== undefined)).toEqual([]);
    expect(read.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'placeholder-url')).toHaveLength(13);
  });

  it('has the expected totals', () => {
    const counted = totals(MODERN);
    console.log('modern-md totals', counted);
    expect(counted).toEqual({ pages: 12, actions: 439, resourceTypes: 45, conditionKeys: 47, operations: 371 });
  });
});

describe.skipIf(!present)('modern-md/variant pages (markdown-export)', () => {
  const pages = present ? pagesIn(VARIANT) : [];

  it('has the four pages', () => {
    expect(pages).toHaveLength(4);
  });

  it.each(pages)('%s is detected as markdown-export only', (name) => {
    const read = readPage(VARIANT, name);
    expect(read.detectedAsExport).toBe(true);
    expect(read.detectedAsList).toBe(false);
    expect(read.content.dialect).toBe('markdown-export');
  });

  it.each(pages)('%s has a prefix and actions', (name) => {
    const { content } = readPage(VARIANT, name);
    expect(content.prefix).toMatch(/^[a-z0-9-]+$/);
    expect(content.actions.length).toBeGreaterThan(0);
    expect(content.actionsTable).toBe('present');
  });

  it.each([
    ['list_cur.md', 'cur'],
    ['list_ec2messages.md', 'ec2messages'],
    ['list_geo-places.md', 'geo-places'],
    ['list_marketplace-image-build.md', 'aws-marketplace'],
  ])('%s has prefix %s', (name, prefix) => {
    expect(readPage(VARIANT, name).content.prefix).toBe(prefix);
  });

  it('reads PutReportDefinition of CUR', () => {
    const put = action(VARIANT, 'list_cur.md', 'PutReportDefinition');
    expect(put.resourceTypes).toEqual([{ name: 'cur', required: true }]);
    expect(put.conditionKeys).toEqual(['aws:RequestTag/${TagKey}', 'aws:ResourceTag/${TagKey}', 'aws:TagKeys']);
    expect(put.documentationUrl).toBe('https://docs.aws.amazon.com/aws-cost-management/latest/APIReference/API_cur_PutReportDefinition.html');
    expect(put.dependentActions).toBeNull();
  });

  it('adds the shifted CUR row to PutReportDefinition', () => {
    expect(operation(VARIANT, 'list_cur.md', 'PutReportDefinition').actions).toEqual(['cur:PutReportDefinition', 'cur:TagResource']);
    expect(readPage(VARIANT, 'list_cur.md').content.operations?.map((entry) => entry.name)).not.toContain('cur:TagResource');
  });

  it('reads the CUR permission-only table', () => {
    const getClassicReport = action(VARIANT, 'list_cur.md', 'GetClassicReport');
    expect(getClassicReport.permissionOnly).toBe(true);
    expect(getClassicReport.documentationUrl).toBe('https://docs.aws.amazon.com/cur/latest/userguide/security.html#user-permissions');
  });

  it('reads GetMessages of the message delivery service', () => {
    const getMessages = action(VARIANT, 'list_ec2messages.md', 'GetMessages');
    expect(getMessages.conditionKeys).toEqual(['ec2:SourceInstanceARN', 'ssm:SourceInstanceARN']);
    expect(getMessages.accessLevel).toBe('Read');
    expect(readPage(VARIANT, 'list_ec2messages.md').content.conditionKeys.map((key) => [key.name, key.type])).toEqual([
      ['ec2:SourceInstanceARN', 'ARN'],
      ['ssm:SourceInstanceARN', 'ARN'],
    ]);
  });

  it('reads Autocomplete of Location Service Places', () => {
    const autocomplete = action(VARIANT, 'list_geo-places.md', 'Autocomplete');
    expect(autocomplete.resourceTypes).toEqual([{ name: 'provider', required: true }]);
    expect(operation(VARIANT, 'list_geo-places.md', 'Autocomplete').actions).toEqual(['geo-places:Autocomplete']);
  });

  it('reads the image building page that has only permission-only actions', () => {
    const { content } = readPage(VARIANT, 'list_marketplace-image-build.md');
    expect(content.actions.map((a) => [a.name, a.accessLevel, a.permissionOnly])).toEqual([
      ['DescribeBuilds', 'Read', true],
      ['ListBuilds', 'Read', true],
      ['StartBuild', 'Write', true],
    ]);
  });

  it('has the expected totals', () => {
    const counted = totals(VARIANT);
    console.log('modern-md/variant totals', counted);
    expect(counted).toEqual({ pages: 4, actions: 28, resourceTypes: 2, conditionKeys: 5, operations: 14 });
  });
});

if (!existsSync(SNAPSHOT)) console.warn(`Skipping the 2018-2020 detection tests: ${SNAPSHOT} does not exist.`);

describe.skipIf(!existsSync(SNAPSHOT))('modern readers on 2018-2020 pages', () => {
  const pages = existsSync(SNAPSHOT) ? pagesIn(SNAPSHOT) : [];

  it('claims no page of the 2020-11-06 snapshot', () => {
    const claimed = pages.filter((name) => {
      const file = new VFile({ path: name, value: readFileSync(`${SNAPSHOT}${name}`, 'utf8') });
      const tree = parseMarkdown(file);
      return markdownListReader.detect(tree, file) || markdownExportReader.detect(tree, file);
    });
    expect(pages.length).toBeGreaterThan(200);
    expect(claimed).toEqual([]);
    // Parsing 241 pages takes a few seconds, more while other test files run.
  }, 60_000);

  it.skipIf(!existsSync(SEED))('claims not the seed page', () => {
    const file = new VFile({ path: 'list_amazonchime.md', value: readFileSync(SEED, 'utf8') });
    const tree = parseMarkdown(file);
    expect(markdownListReader.detect(tree, file)).toBe(false);
    expect(markdownExportReader.detect(tree, file)).toBe(false);
  });
});
