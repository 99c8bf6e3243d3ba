/**
 * Reads every page of both HTML snapshots of today's reference through
 * `extractPage` and checks that the HTML reader detects and reads all of
 * them. The lower bounds are the counts that the reader gave when this test
 * was written; a drop means that rows were lost.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractPage, type PageResult } from '../generator/extract/page.js';

const CORPUS = new URL('../../shared/corpus/service-authorization-html/', import.meta.url);

/**
 * The one file of each snapshot that is not a reference page: the site
 * returned "301 Moved Permanently" for the retired AWS IoT 1-Click page.
 */
const NOT_REFERENCE_PAGES = ['list_awsiot1-click.html'];

/**
 * Diagnostics that the real pages give, all of them upstream mistakes: AWS
 * Config names a resource type "Connector" that its table lacks, and EC2
 * Instance Connect writes `MaxTunnelDuration` where its table has
 * `maxTunnelDuration`.
 */
const EXPECTED_RULES = new Set(['unrecognised-page', 'unknown-resource-type', 'undefined-condition-key']);

interface Snapshot {
  name: string;
  pages: number;
  minActions: number;
  minResourceTypes: number;
  minConditionKeys: number;
  minPermissionOnly: number;
}

const SNAPSHOTS: Snapshot[] = [
  { name: '2025-06-01', pages: 492, minActions: 20_635, minResourceTypes: 2_179, minConditionKeys: 2_291, minPermissionOnly: 1_305 },
  { name: '2026-06-14', pages: 533, minActions: 23_300, minResourceTypes: 2_435, minConditionKeys: 2_620, minPermissionOnly: 1_536 },
];

const present = existsSync(CORPUS);
if (!present) console.warn(`Skipping the HTML corpus tests: ${CORPUS.pathname} does not exist.`);

const cache = new Map<string, Map<string, PageResult>>();

/** Read every page of a snapshot once, in name order. */
function readSnapshot(name: string): Map<string, PageResult> {
  const cached = cache.get(name);
  if (cached) return cached;

  const folder = new URL(`${name}/`, CORPUS);
  const results = new Map<string, PageResult>();
  for (const file of readdirSync(folder).filter((entry) => entry.endsWith('.html')).sort()) {
    results.set(file, extractPage({ file, bytes: readFileSync(new URL(file, folder)) }));
  }
  cache.set(name, results);
  return results;
}

describe.skipIf(!present).each(SNAPSHOTS)('html corpus $name', (snapshot) => {
  it('has every page', () => {
    expect(readSnapshot(snapshot.name).size).toBe(snapshot.pages);
  });

  it('detects every reference page', () => {
    const undetected = [...readSnapshot(snapshot.name)].filter(([, result]) => result.page === null).map(([file]) => file);

    expect(undetected).toEqual(NOT_REFERENCE_PAGES);
  });

  it('reads every page as html', () => {
    const dialects = new Set([...readSnapshot(snapshot.name).values()].flatMap((result) => (result.page ? [result.page.dialect] : [])));

    expect([...dialects]).toEqual(['html']);
  });

  it('finds a prefix on every page', () => {
    const withoutPrefix = [...readSnapshot(snapshot.name)].filter(([, result]) => result.content && !result.content.prefix).map(([file]) => file);

    expect(withoutPrefix).toEqual([]);
  });

  it('reads actions from every actions table', () => {
    const empty = [...readSnapshot(snapshot.name)]
      .filter(([, result]) => result.content?.actionsTable === 'present' && result.content.actions.length === 0)
      .map(([file]) => file);

    expect(empty).toEqual([]);
  });

  it('reads every page without an exception', () => {
    const failed = [...readSnapshot(snapshot.name)].filter(([, result]) => result.diagnostics.some((diagnostic) => diagnostic.ruleId === 'reader-failed')).map(([file]) => file);

    expect(failed).toEqual([]);
  });

  it('gives only known diagnostics', () => {
    const diagnostics = [...readSnapshot(snapshot.name).values()].flatMap((result) => result.diagnostics);
    const unexpected = diagnostics.filter((diagnostic) => !EXPECTED_RULES.has(diagnostic.ruleId));

    expect(unexpected).toEqual([]);
    expect(diagnostics.length).toBeLessThanOrEqual(5);
  });

  it('reads at least the rows it read before', () => {
    const contents = [...readSnapshot(snapshot.name).values()].flatMap((result) => (result.content ? [result.content] : []));
    const totals = {
      pages: contents.length,
      actions: contents.reduce((sum, content) => sum + content.actions.length, 0),
      resourceTypes: contents.reduce((sum, content) => sum + content.resourceTypes.length, 0),
      conditionKeys: contents.reduce((sum, content) => sum + content.conditionKeys.length, 0),
      permissionOnly: contents.reduce((sum, content) => sum + content.actions.filter((action) => action.permissionOnly).length, 0),
    };
    console.log(`html corpus ${snapshot.name}: ${JSON.stringify(totals)}`);

    expect(totals.pages).toBe(snapshot.pages - NOT_REFERENCE_PAGES.length);
    expect(totals.actions).toBeGreaterThanOrEqual(snapshot.minActions);
    expect(totals.resourceTypes).toBeGreaterThanOrEqual(snapshot.minResourceTypes);
    expect(totals.conditionKeys).toBeGreaterThanOrEqual(snapshot.minConditionKeys);
    expect(totals.permissionOnly).toBeGreaterThanOrEqual(snapshot.minPermissionOnly);
  });
});
