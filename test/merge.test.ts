/**
 * Pages that share a service prefix merge into one service by the rule in
 * generator/normalize/merge.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../generator/extract/page.js';
import { mergePages, type ReadPage } from '../generator/normalize/merge.js';

function readFixture(name: string): ReadPage {
  const result = extractPage({ file: name, bytes: readFileSync(new URL(`./fixtures/merge/${name}`, import.meta.url)) });
  if (!result.page || !result.content) throw new Error(`${name} could not be read`);
  return { page: result.page, content: result.content };
}

// Given in reverse order: the merge must sort pages by file path itself.
const merged = mergePages([readFixture('list_exampleb.md'), readFixture('list_examplea.md')]);
const service = merged.services[0]!;
const action = (name: string) => service.actions.find((candidate) => candidate.name === name)!;

describe('pages with one service prefix', () => {
  it('merge into one service', () => {
    expect(merged.services.map((candidate) => candidate.prefix)).toEqual(['example']);
    expect(service.name).toBe('Example Service');
    expect(service.pages.map((page) => page.file)).toEqual(['list_examplea.md', 'list_exampleb.md']);
  });

  it('list an action on both pages once, with both sources', () => {
    expect(service.actions.map((candidate) => candidate.name)).toEqual(['GetWidget', 'ListGadgets', 'PutWidget']);
    expect(action('GetWidget').sources).toEqual([
      { file: 'list_examplea.md', line: 9 },
      { file: 'list_exampleb.md', line: 9 },
    ]);
  });

  it('unite resource types and condition keys of an action', () => {
    expect(action('GetWidget').resourceTypes).toEqual([
      { name: 'widget', required: true },
      { name: 'gadget', required: true },
    ]);
    expect(action('GetWidget').conditionKeys).toEqual(['example:Color', 'example:Size']);
  });

  it('make a resource type required if any page does', () => {
    expect(action('PutWidget').resourceTypes).toEqual([{ name: 'widget', required: true }]);
    expect(action('PutWidget').dependentActions).toEqual(['example:GetWidget']);
  });

  it('keep the first access level and warn', () => {
    expect(action('PutWidget').accessLevel).toBe('Write');
    expect(merged.diagnostics).toContainEqual({
      file: 'list_exampleb.md',
      line: 10,
      column: 1,
      severity: 'warning',
      ruleId: 'conflicting-definition',
      message: 'The access level of action PutWidget differs from an earlier definition for service prefix "example"; the earlier value is kept.',
      expected: ['Write'],
      actual: 'List',
    });
  });

  it('keep the first ARN pattern and warn', () => {
    expect(service.resourceTypes.find((resourceType) => resourceType.name === 'widget')?.arnPattern).toBe('arn:${Partition}:example:${Region}:${Account}:widget/${WidgetId}');
    expect(merged.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'conflicting-definition').map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([
      [10, 'warning'],
      [17, 'warning'],
    ]);
  });

  it('unite the tables of both pages', () => {
    expect(service.resourceTypes.map((resourceType) => resourceType.name)).toEqual(['gadget', 'widget']);
    expect(service.conditionKeys.map((key) => [key.name, key.type])).toEqual([
      ['example:Color', 'String'],
      ['example:Size', 'Numeric'],
    ]);
  });
});
