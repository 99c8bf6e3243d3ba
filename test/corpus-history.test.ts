/**
 * Reads every version of every `doc_source/list_*.md` page in the git history
 * of the IAM User Guide (2017-12 to 2020-11) and checks that the Markdown
 * readers classify and read all of them. Each distinct blob is read once, but
 * every page version is counted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPage, type PageResult } from '../generator/extract/page.js';

const BUNDLE = fileURLToPath(new URL('../../shared/corpus/iam-user-guide/history.bundle', import.meta.url));
const PAGE_PATH = /^doc_source\/list_[^/]+\.md$/;

/** Page versions in the 131 revisions that change a `list_*.md` page, summed. */
const EXPECTED_PAGE_VERSIONS = 22_789;

/**
 * Distinct pages whose actions table is present but gives no action. In 95
 * pages of 2018-05 to 2018-07, every action cell shows a URL in place of the
 * action name. One page of 2019-06-27 has a blank line after the header row.
 * Each of them carries a warning that says why.
 */
const EXPECTED_EMPTY_ACTION_TABLES = 96;
const EMPTY_TABLE_RULES = new Set(['invalid-action-name', 'actions-table-empty']);

const bundlePresent = existsSync(BUNDLE);
if (!bundlePresent) console.warn(`corpus-history skipped: the history bundle ${BUNDLE} is absent.`);

interface PageVersion {
  revision: string;
  path: string;
  blob: string;
}

function git(directory: string, args: string[], input?: string): Buffer {
  return execFileSync('git', ['-C', directory, ...args], { input, maxBuffer: 1 << 30 });
}

/** List the `list_*.md` pages of each revision that touches one, oldest revision first. */
function listPageVersions(directory: string): { revisions: string[]; versions: PageVersion[] } {
  const revisions = git(directory, ['log', '--format=%H', '--reverse', '--', 'doc_source/list_*.md']).toString('utf8').split('\n').filter(Boolean);
  const versions: PageVersion[] = [];
  for (const revision of revisions) {
    // `-z` output: "<mode> <type> <object>\t<path>" entries separated by NUL.
    const entries = git(directory, ['ls-tree', '-z', revision, '--', 'doc_source/']).toString('utf8').split('\0');
    for (const entry of entries) {
      const tab = entry.indexOf('\t');
      if (tab < 0) continue;
      const [, type, blob] = entry.slice(0, tab).split(' ');
      const pagePath = entry.slice(tab + 1);
      if (type === 'blob' && blob && PAGE_PATH.test(pagePath)) versions.push({ revision, path: pagePath, blob });
    }
  }
  return { revisions, versions };
}

/** Read blobs with one `git cat-file --batch`, whose output is "<object> blob <size>\n<bytes>\n" per object. */
function readBlobs(directory: string, blobs: string[]): Map<string, Buffer> {
  const output = git(directory, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
  const contents = new Map<string, Buffer>();
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    const [blob, type, size] = output.subarray(offset, headerEnd).toString('utf8').split(' ');
    if (!blob || type !== 'blob' || size === undefined) throw new Error(`git cat-file returned an unexpected header: ${output.subarray(offset, headerEnd).toString('utf8')}`);
    const start = headerEnd + 1;
    const end = start + Number(size);
    contents.set(blob, output.subarray(start, end));
    offset = end + 1;
  }
  return contents;
}

interface DialectCounts {
  pageVersions: number;
  distinctPages: number;
  actions: number;
  resourceTypes: number;
  conditionKeys: number;
}

describe.skipIf(!bundlePresent)('markdown history corpus', () => {
  let directory = '';
  let revisions: string[] = [];
  let versions: PageVersion[] = [];
  /** The result of each distinct blob, labelled "path@revision" after its first version so that `git show` can open it. */
  const results = new Map<string, { label: string; result: PageResult }>();
  const thrown: string[] = [];

  beforeAll(() => {
    const started = performance.now();
    directory = mkdtempSync(path.join(tmpdir(), 'iamref-history-'));
    execFileSync('git', ['clone', '-q', BUNDLE, directory]);
    ({ revisions, versions } = listPageVersions(directory));

    const firstVersions = new Map<string, PageVersion>();
    for (const version of versions) if (!firstVersions.has(version.blob)) firstVersions.set(version.blob, version);
    const contents = readBlobs(directory, [...firstVersions.keys()]);

    for (const [blob, version] of firstVersions) {
      const label = `${version.path}@${version.revision.slice(0, 12)}`;
      const bytes = contents.get(blob);
      if (!bytes) {
        thrown.push(`${label}: git cat-file did not return blob ${blob}`);
        continue;
      }
      try {
        results.set(blob, { label, result: extractPage({ file: version.path, bytes }) });
      } catch (error) {
        thrown.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Read ${versions.length} page versions (${firstVersions.size} distinct blobs) of ${revisions.length} revisions in ${seconds} s.`);
  }, 600_000);

  function emptyActionTables(): Array<{ label: string; result: PageResult }> {
    return [...results.values()].filter(({ result }) => result.page?.actionsTable === 'present' && result.content?.actions.length === 0);
  }

  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('lists 131 revisions', () => {
    expect(revisions).toHaveLength(131);
  });

  it('counts every page version', () => {
    expect(versions).toHaveLength(EXPECTED_PAGE_VERSIONS);
  });

  it('reads every blob without an exception', () => {
    expect(thrown).toEqual([]);
  });

  it('reports no reader failure', () => {
    const failed = [...results.values()].flatMap(({ result }) => result.diagnostics.filter((diagnostic) => diagnostic.ruleId === 'reader-failed'));
    expect(failed).toEqual([]);
  });

  it('recognises every page', () => {
    const unrecognised = [...results.values()].filter(({ result }) => result.page === null).map(({ label }) => label);
    expect(unrecognised).toEqual([]);
  });

  it('explains every actions table without actions', () => {
    const unexplained = emptyActionTables()
      .filter(({ result }) => !result.diagnostics.some((diagnostic) => EMPTY_TABLE_RULES.has(diagnostic.ruleId)))
      .map(({ label }) => label);
    expect(unexplained).toEqual([]);
  });

  it('counts actions tables without actions', () => {
    expect(emptyActionTables()).toHaveLength(EXPECTED_EMPTY_ACTION_TABLES);
  });

  it('finds a prefix on every page', () => {
    const withoutPrefix = [...results.values()].filter(({ result }) => result.content !== null && !result.content.prefix).map(({ label }) => label);
    expect(withoutPrefix).toEqual([]);
  });

  it('prints counts per dialect', () => {
    const counts = new Map<string, DialectCounts>();
    const countsOf = (dialect: string): DialectCounts => {
      let entry = counts.get(dialect);
      if (!entry) {
        entry = { pageVersions: 0, distinctPages: 0, actions: 0, resourceTypes: 0, conditionKeys: 0 };
        counts.set(dialect, entry);
      }
      return entry;
    };

    for (const version of versions) countsOf(results.get(version.blob)?.result.page?.dialect ?? 'unrecognised').pageVersions++;
    for (const { result } of results.values()) {
      const entry = countsOf(result.page?.dialect ?? 'unrecognised');
      entry.distinctPages++;
      entry.actions += result.content?.actions.length ?? 0;
      entry.resourceTypes += result.content?.resourceTypes.length ?? 0;
      entry.conditionKeys += result.content?.conditionKeys.length ?? 0;
    }

    const rules = new Map<string, number>();
    for (const { result } of results.values()) {
      for (const diagnostic of result.diagnostics) {
        const key = `${diagnostic.severity} ${diagnostic.ruleId}`;
        rules.set(key, (rules.get(key) ?? 0) + 1);
      }
    }

    console.log('Per dialect (actions, resource types and condition keys summed over distinct pages):');
    console.table(Object.fromEntries(counts));
    console.log('Diagnostics over distinct pages:');
    console.table(Object.fromEntries([...rules].sort()));

    const total = [...counts.values()].reduce((sum, entry) => sum + entry.pageVersions, 0);
    expect(total).toBe(EXPECTED_PAGE_VERSIONS);
  });
});
