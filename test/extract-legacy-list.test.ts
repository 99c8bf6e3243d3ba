/**
 * The 2017-12 to 2018-03 Markdown reader (dialect `legacy-list`), read
 * through `extractPage`: one small page per quirk, then a real page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractPage, type PageResult } from '../generator/extract/page.js';
import type { Action } from '../generator/model/types.js';

const FIXTURES = new URL('./fixtures/legacy-list/', import.meta.url);
const SNAPSHOT_PAGE = fileURLToPath(new URL('../../shared/corpus/iam-user-guide/snapshots/2018-03-22/list_a4b.md', import.meta.url));

function extractFixture(name: string): PageResult {
  return extractPage({ file: `legacy-list/${name}`, bytes: readFileSync(new URL(name, FIXTURES)) });
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

describe('legacy-list pages', () => {
  it('reads plain code spans', () => {
    const result = extractFixture('code-spans.md');

    expect(result.page?.dialect).toBe('legacy-list');
    expect(result.page?.actionsTable).toBe('present');
    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'DeleteWidget', 'ListWidgets']);
    expect(result.diagnostics).toEqual([]);
  });

  it('reads the title and service name', () => {
    const result = extractFixture('code-spans.md');

    expect(result.page?.title).toBe('Actions and Condition Context Keys for Example Service');
    expect(result.content?.serviceName).toBe('Example Service');
  });

  it('reads a prefix without backticks', () => {
    expect(extractFixture('code-spans.md').content?.prefix).toBe('example');
    expect(extractFixture('linked-code-spans.md').content?.prefix).toBe('application-autoscaling');
  });

  it('leaves unknown fields null', () => {
    const action = actionOf(extractFixture('code-spans.md'), 'CreateWidget');

    expect(action).toEqual({
      name: 'CreateWidget',
      description: null,
      accessLevel: null,
      resourceTypes: null,
      conditionKeys: null,
      dependentActions: null,
      sources: [{ file: 'legacy-list/code-spans.md', line: 6 }],
    });
  });

  it('gives no resource types or keys', () => {
    const result = extractFixture('code-spans.md');

    expect(result.content?.resourceTypes).toEqual([]);
    expect(result.content?.conditionKeys).toEqual([]);
  });

  it('reads links inside code spans', () => {
    const result = extractFixture('linked-code-spans.md');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['DeleteScalingPolicy', 'PutScalingPolicy']);
    expect(actionOf(result, 'PutScalingPolicy').documentationUrl).toBe('http://docs.aws.amazon.com/autoscaling/application/APIReference/API_PutScalingPolicy.html');
    expect(result.diagnostics).toEqual([]);
  });

  it('marks permission-only actions', () => {
    const result = extractFixture('permission-only.md');

    expect(actionOf(result, 'search').permissionOnly).toBe(true);
    expect(actionOf(result, 'CreateDomain')).not.toHaveProperty('permissionOnly');
    expect(result.diagnostics).toEqual([]);
  });

  it('reads the condition keys list', () => {
    const result = extractFixture('condition-keys.md');

    expect(result.content?.conditionKeys).toEqual([
      { name: 'ec2:AccepterVpc', description: null, type: null, sources: [{ file: 'legacy-list/condition-keys.md', line: 12 }] },
      { name: 'ec2:InstanceType', description: null, type: null, sources: [{ file: 'legacy-list/condition-keys.md', line: 13 }] },
      { name: 'ec2:ResourceTag/${TagKey}', description: null, type: null, sources: [{ file: 'legacy-list/condition-keys.md', line: 14 }] },
    ]);
    expect(result.content?.actions.map((action) => action.name)).toEqual(['RunInstances', 'StartInstances']);
    expect(result.diagnostics).toEqual([]);
  });
});

describe('legacy-list diagnostics', () => {
  it('reports a duplicate action', () => {
    const result = extractFixture('duplicate-action.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'duplicate-action', severity: 'warning', line: 8, column: 1 }]);
    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'ListWidgets']);
  });

  it('reports another prefix', () => {
    const result = extractFixture('prefix-mismatch.md');

    expect(placesOf(result)).toEqual([{ ruleId: 'prefix-mismatch', severity: 'warning', line: 7, column: 1 }]);
    expect(result.diagnostics[0]?.expected).toEqual(['example']);
    expect(result.diagnostics[0]?.actual).toBe('gadgets');
    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateWidget', 'CreateGadget']);
  });

  it('reports invalid bullets', () => {
    const result = extractFixture('invalid-bullets.md');

    expect(placesOf(result)).toEqual([
      { ruleId: 'invalid-action-name', severity: 'warning', line: 7, column: 1 },
      { ruleId: 'invalid-action-name', severity: 'warning', line: 8, column: 1 },
      { ruleId: 'invalid-condition-key', severity: 'warning', line: 12, column: 1 },
    ]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.actual)).toEqual(['CreateDBSnapshot', 'rds:Create DB Cluster', 'Piops']);
  });

  it('keeps valid items next to invalid bullets', () => {
    const result = extractFixture('invalid-bullets.md');

    expect(result.content?.actions.map((action) => action.name)).toEqual(['CreateDBInstance']);
    expect(result.content?.conditionKeys.map((key) => key.name)).toEqual(['rds:DatabaseClass', 'Piops']);
  });
});

if (!existsSync(SNAPSHOT_PAGE)) console.warn(`extract-legacy-list: real page tests skipped because ${SNAPSHOT_PAGE} is absent.`);

describe.skipIf(!existsSync(SNAPSHOT_PAGE))('legacy-list real page', () => {
  const result = existsSync(SNAPSHOT_PAGE) ? extractPage({ file: 'list_a4b.md', bytes: readFileSync(SNAPSHOT_PAGE) }) : undefined;

  it('reads 36 actions', () => {
    expect(result?.page?.dialect).toBe('legacy-list');
    expect(result?.content?.prefix).toBe('a4b');
    expect(result?.content?.actions).toHaveLength(36);
    expect(result?.diagnostics).toEqual([]);
  });

  it('reads no condition keys', () => {
    expect(result?.content?.conditionKeys).toEqual([]);
  });

  it('leaves unknown fields null', () => {
    const nullFields = result?.content?.actions.filter(
      (action) => action.description === null && action.accessLevel === null && action.resourceTypes === null && action.conditionKeys === null && action.dependentActions === null,
    );

    expect(nullFields).toHaveLength(36);
  });
});
