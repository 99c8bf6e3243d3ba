/**
 * `iamref history` over the whole git history of the IAM User Guide: 131
 * revisions that change a reference page, 2017-12 to 2020-11. The revisions
 * held back by the removal guard are the ones whose pages vanished for one
 * revision. Every action or service that the changelog removes is checked
 * against the pages with git, independently of the readers.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RevisionRecord } from '../generator/commands/history.js';
import type { Change } from '../generator/diff/rules.js';
import { cloneHistory, HISTORY_BUNDLE } from './helpers/diff.js';
import { type CliRun, runCli, temporaryFolder } from './helpers/run-cli.js';

/** The four revisions in which every page is absent. */
const EMPTY_REVISIONS = ['7fe91536f6d6', '2901a7b35741', '2b1fa3805ebb', '0eb32aaa5567'];

/** The revision of 2018-09-04 that lacks the only page of ssmmessages, which the next revision restores. */
const PAGE_ABSENT_ONCE = 'cbe167ffc094';

describe.skipIf(!existsSync(HISTORY_BUNDLE))('iamref history over the whole bundle', () => {
  let repo = '';
  let out = '';
  let run: CliRun;
  let revisions: RevisionRecord[];
  let changelog: string;

  beforeAll(async () => {
    repo = cloneHistory();
    out = await temporaryFolder('history');
    run = runCli(['history', '--git', repo, '--path', 'doc_source', '--out', out]);
    revisions = (JSON.parse(readFileSync(path.join(out, 'changes.json'), 'utf8')) as { revisions: RevisionRecord[] }).revisions;
    changelog = readFileSync(path.join(out, 'CHANGELOG.md'), 'utf8');
    console.log(run.stderr);
  }, 600_000);

  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  /** Run git in the clone and return its output; `git grep` without a match gives ''. */
  function git(args: string[]): string {
    try {
      return execFileSync('git', ['-C', repo, ...args], { maxBuffer: 1 << 28 }).toString('utf8');
    } catch (error) {
      if ((error as { status?: number }).status === 1) return '';
      throw error;
    }
  }

  /** Return the page files of `revision` whose text names the service prefix `prefix`. */
  function pagesOf(revision: string, prefix: string): string[] {
    const pattern = `service prefix: \`?${prefix.replace(/[.]/g, '\\.')}\`?\\\\?\\)`;
    return git(['grep', '-l', '-E', pattern, revision, '--', 'doc_source/list_*.md'])
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(revision.length + 1));
  }

  it('exits with status 0 and prints its figures', () => {
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/replayed 131 revisions in [\d.]+ s, parsing 3148 distinct pages/);
    expect(run.stderr).toMatch(/5 revisions held back by the removal guard/);
    expect(run.stderr).toMatch(/^iamref: +\d+ action-added$/m);
  });

  it('records every revision, oldest first', () => {
    expect(revisions).toHaveLength(131);
    expect(revisions[0]).toMatchObject({ commit: expect.stringMatching(/^f7b9df654f3d/), date: '2017-12-01', status: 'first', pages: 105 });
    expect(revisions.map((revision) => revision.date)).toEqual([...revisions.map((revision) => revision.date)].sort());
  });

  it('writes one dated section per revision', () => {
    expect(changelog.match(/^## \d{4}-\d{2}-\d{2} \([0-9a-f]{12}\)$/gm)).toHaveLength(131);
    expect(changelog.indexOf('## 2020-11-16 (0eb32aaa5567)')).toBeLessThan(changelog.indexOf('## 2017-12-01 (f7b9df654f3d)'));
  });

  it('holds back the revisions whose pages vanished', () => {
    const anomalies = revisions.filter((revision) => revision.status === 'anomaly');

    expect(anomalies.map((revision) => revision.commit.slice(0, 12))).toEqual([EMPTY_REVISIONS[0], EMPTY_REVISIONS[1], PAGE_ABSENT_ONCE, EMPTY_REVISIONS[2], EMPTY_REVISIONS[3]]);
    for (const anomaly of anomalies.filter((revision) => EMPTY_REVISIONS.includes(revision.commit.slice(0, 12)))) {
      expect(anomaly.pages).toBe(0);
      expect(anomaly.heldBack?.percent).toBe(100);
    }
  });

  it('holds back a page absent for one revision', () => {
    const index = revisions.findIndex((revision) => revision.commit.startsWith(PAGE_ABSENT_ONCE));

    expect(revisions[index]?.heldBack?.servicesEmptied).toEqual(['ssmmessages']);
    expect(pagesOf(revisions[index]!.commit, 'ssmmessages')).toEqual([]);
    expect(pagesOf(revisions[index + 1]!.commit, 'ssmmessages')).toEqual(['doc_source/list_amazonsessionmanagermesssagegatewayservice.md']);
    expect(revisions[index + 1]?.changes.filter((change) => change.prefix === 'ssmmessages')).toEqual([]);
  });

  it('applies the removals that last', () => {
    const confirmed = revisions.filter((revision) => revision.confirmedRemoval).map((revision) => [revision.commit.slice(0, 12), revision.confirmedRemoval?.servicesEmptied]);

    expect(confirmed).toEqual([
      ['4cd2a65fbb5c', ['awsbillingconsole']],
      ['ec2100767ebe', ['crowd']],
      ['1b5116009273', ['support']],
      // A service whose page listed no actions, only resource types and condition keys.
      ['6f8a63297824', ['aesop']],
      ['f8eb62d66360', ['backup-storage']],
    ]);
  });

  it('removes no action or service right after an anomaly', () => {
    revisions.forEach((revision, index) => {
      if (index === 0 || revisions[index - 1]!.status !== 'anomaly') return;
      expect(revision.changes.filter((change) => change.id === 'action-removed' || change.id === 'service-removed'), revision.commit).toEqual([]);
    });
  });

  it('removes only services whose pages are gone', () => {
    const removed = revisions.flatMap((revision) => revision.changes.filter((change) => change.id === 'service-removed').map((change) => [revision.commit, change] as const));

    expect(removed.map(([, change]) => change.prefix).sort()).toEqual(['aesop', 'awsbillingconsole', 'crowd', 'support']);
    for (const [commit, change] of removed) expect(pagesOf(commit, change.prefix), `${change.prefix} at ${commit}`).toEqual([]);
  });

  it('removes only actions that the pages no longer list', () => {
    const removed = revisions.flatMap((revision) => revision.changes.filter((change) => change.id === 'action-removed').map((change) => [revision.commit, change] as const));

    expect(removed.length).toBeGreaterThan(100);
    expect(removed.length).toBeLessThan(200);
    for (const [commit, change] of removed) {
      // A bullet (`prefix:Name`), a table row (`| [ Name ](`, `| Name |`) or a URL in place of the name (`API_Name.html`).
      const name = String(change.before);
      const listed = pagesOf(commit, change.prefix).flatMap((page) =>
        git(['grep', '-n', '-E', `${change.prefix}:${name}\\b|^\\| *\\[? *${name} *[]|]|API_${name}\\.html`, commit, '--', page]).split('\n').filter(Boolean),
      );
      expect(listed, `${change.subject} at ${commit}`).toEqual([]);
    }
  });

  it('keeps the actions of ec2 through its rename', () => {
    const renamed = revisions.find((revision) => revision.commit.startsWith('c1c9338c9ff7'))!;
    const ec2 = renamed.changes.filter((change: Change) => change.prefix === 'ec2');

    expect(ec2.filter((change) => change.id === 'action-removed')).toEqual([]);
    expect(ec2.find((change) => change.id === 'actions-table-unavailable')).toMatchObject({
      beforeSource: { file: 'list_ec2.md', line: 8 },
      afterSource: { file: 'list_amazonec2.md', line: 1 },
      after: 'placeholder',
    });
  });

});
