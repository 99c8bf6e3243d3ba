/**
 * The diff engine on real transitions of the reference: Amazon Chime gaining
 * actions, and Chime's actions table becoming a placeholder. Then the
 * bullet-list pages of March 2018 followed by the tables of April 2018, with
 * list_ec2.md renamed list_amazonec2.md, and a revision of the history in
 * which every page is absent. Last, the `diff` command on folders, models and
 * git revisions.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRemovals } from '../generator/diff/guard.js';
import { type Change, diffModels } from '../generator/diff/index.js';
import { carryOver } from '../generator/normalize/carry-over.js';
import { GitPageReader } from '../generator/read/git.js';
import { cloneHistory, HISTORY_BUNDLE, readPages } from './helpers/diff.js';
import { CORPUS, HAS_CORPUS, runCli, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOTS = path.join(CORPUS, 'iam-user-guide/snapshots');
const CHIME = 'list_amazonchime.md';

/** Compare two snapshot folders (or some of their pages) as generate would: with carry-over. */
function diffSnapshots(older: string, newer: string, pages?: string[]): { changes: Change[]; semver: string } {
  const before = readPages(path.join(SNAPSHOTS, older), pages);
  const after = readPages(path.join(SNAPSHOTS, newer), pages);
  return diffModels(before.services, carryOver(after.services, before.services, after.run).services);
}

function subjects(changes: Change[], id: string): string[] {
  return changes.filter((change) => change.id === id).map((change) => change.subject);
}

describe.skipIf(!HAS_CORPUS)('Amazon Chime from 2020-02-21 to 2020-04-10', () => {
  it('adds 17 actions and removes none', () => {
    const diff = diffSnapshots('2020-02-21', '2020-04-10', [CHIME]);

    expect(subjects(diff.changes, 'action-added')).toEqual(
      [
        'CreateProxySession',
        'DeleteProxySession',
        'DeleteVoiceConnectorProxy',
        'GetProxySession',
        'GetVoiceConnectorProxy',
        'ListAttendeeTags',
        'ListMeetingTags',
        'ListProxySessions',
        'ListTagsForResource',
        'PutVoiceConnectorProxy',
        'TagAttendee',
        'TagMeeting',
        'TagResource',
        'UntagAttendee',
        'UntagMeeting',
        'UntagResource',
        'UpdateProxySession',
      ].map((name) => `chime:${name}`),
    );
    expect(diff.changes.filter((change) => change.id.endsWith('-removed'))).toEqual([]);
  });

  it('gives the line of each added action', () => {
    const diff = diffSnapshots('2020-02-21', '2020-04-10', [CHIME]);

    const added = diff.changes.find((change) => change.subject === 'chime:CreateProxySession');

    expect(added?.afterSource).toEqual({ file: CHIME, line: 53 });
    expect(added?.beforeSource).toBeUndefined();
  });

  it('adds the meeting resource type', () => {
    const diff = diffSnapshots('2020-02-21', '2020-04-10', [CHIME]);

    expect(diff.changes.find((change) => change.id === 'resource-type-added')).toMatchObject({
      subject: 'chime/meeting',
      after: 'arn:${Partition}:chime::${AccountId}:meeting/${MeetingId}',
      afterSource: { file: CHIME, line: 199 },
    });
    expect(diff.semver).toBe('minor');
  });
});

describe.skipIf(!HAS_CORPUS)('Amazon Chime from 2020-04-10 to 2020-11-06', () => {
  it('reports the placeholder table as unavailable, not removed', () => {
    const before = readPages(path.join(SNAPSHOTS, '2020-04-10'), [CHIME]);

    const diff = diffSnapshots('2020-04-10', '2020-11-06', [CHIME]);

    const unavailable = diff.changes.filter((change) => change.id === 'actions-table-unavailable');
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]).toMatchObject({ subject: 'chime', before: 'present', after: 'placeholder', afterSource: { file: CHIME, line: 1 } });
    expect(unavailable[0]?.actions).toEqual(before.services[0]?.actions.map((action) => action.name));
    expect(unavailable[0]?.actions).toHaveLength(161);
    expect(diff.changes.filter((change) => change.id.endsWith('-removed'))).toEqual([]);
  });
});

describe.skipIf(!HAS_CORPUS)('bullet lists of 2018-03-22 to the tables of 2018-04-25', () => {
  let diff: { changes: Change[]; semver: string };
  let ec2Actions: string[];

  beforeAll(() => {
    diff = diffSnapshots('2018-03-22', '2018-04-25');
    ec2Actions = readPages(path.join(SNAPSHOTS, '2018-03-22'), ['list_ec2.md']).services[0]!.actions.map((action) => action.name);
  }, 120_000);

  it('keeps the actions of ec2, renamed and a placeholder', () => {
    const ec2 = diff.changes.filter((change) => change.prefix === 'ec2');

    expect(ec2Actions).toHaveLength(266);
    expect(ec2.filter((change) => change.id !== 'resource-type-added')).toEqual([
      {
        id: 'actions-table-unavailable',
        severity: 'warning',
        prefix: 'ec2',
        subject: 'ec2',
        before: 'present',
        after: 'placeholder',
        beforeSource: { file: 'list_ec2.md', line: 8 },
        afterSource: { file: 'list_amazonec2.md', line: 1 },
        actions: ec2Actions,
      },
    ]);
    expect(ec2.filter((change) => change.id === 'resource-type-added')).toHaveLength(23);
  });

  it('removes no service and changes no documented value', () => {
    const ids = new Set(diff.changes.map((change) => change.id));

    for (const id of ['service-removed', 'access-level-changed', 'description-changed', 'condition-key-removed', 'condition-key-type-changed', 'resource-type-removed']) {
      expect(ids.has(id as Change['id'])).toBe(false);
    }
  });

  it('removes only actions that the tables no longer list', () => {
    const removed = diff.changes.filter((change) => change.id === 'action-removed');
    const pages = readdirSync(path.join(SNAPSHOTS, '2018-04-25'));

    expect(removed).toHaveLength(21);
    for (const change of removed) {
      // Independently of the readers: no page of the service has a table row for the action.
      const name = String(change.before);
      const rows = pages
        .map((file) => readFileSync(path.join(SNAPSHOTS, '2018-04-25', file), 'utf8'))
        .filter((text) => text.includes(`service prefix: \`${change.prefix}\``))
        .flatMap((text) => text.split('\n'))
        .filter((line) => new RegExp(`^\\|\\s*\\[?\\s*${name}\\s*[\\]|]`).test(line));
      expect(rows, change.subject).toEqual([]);
    }
  });

  it('reports the carried-over pages once each', () => {
    const unavailable = diff.changes.filter((change) => change.id === 'actions-table-unavailable');

    expect(unavailable).toHaveLength(30);
    expect(new Set(unavailable.map((change) => change.prefix)).size).toBe(30);
  });
});

describe.skipIf(!existsSync(HISTORY_BUNDLE))('the empty revision 2b1fa380', () => {
  let repo = '';

  beforeAll(() => {
    repo = cloneHistory();
  }, 120_000);

  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('trips the removal guard', () => {
    const reader = new GitPageReader({ repo, dir: 'doc_source' });
    const before = reader.read('9a3e7e82ae08');
    const after = reader.read('2b1fa3805ebb');

    const diff = diffModels(before.services, carryOver(after.services, before.services, after.run).services);
    const removals = checkRemovals(before.services, diff.changes);

    expect(after.pageCount).toBe(0);
    expect(diff.changes.every((change) => change.id === 'service-removed')).toBe(true);
    expect(removals.percent).toBe(100);
    expect(removals.tripped).toBe(true);
    expect(reader.pagesParsed).toBe(before.pageCount);
  });

  it('is reported by diff --git', () => {
    const run = runCli(['diff', '--git', repo, '--path', 'doc_source', '9a3e7e82ae08', '2b1fa3805ebb', '--format', 'json']);

    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { semver: string; changes: Change[] };
    expect(json.semver).toBe('major');
    expect(new Set(json.changes.map((change) => change.id))).toEqual(new Set(['service-removed']));
    expect(run.stderr).toMatch(/9a3e7e82ae08 \(9a3e7e82ae08\): 170 pages/);
    expect(run.stderr).toMatch(/generate would hold this change back \(removal guard\)\. The run would remove \d+ of \d+ known actions \(100\.0 %/);
  });

  it('compares two revisions with diff --git', () => {
    const run = runCli(['diff', '--git', repo, '--path', 'doc_source/', 'adbb6d1295ad', '0bdee8633e87', '--format', 'json']);

    expect(run.status).toBe(0);
    const json = JSON.parse(run.stdout) as { changes: Change[] };
    expect(subjects(json.changes, 'action-added')).toContain('chime:CreateProxySession');
  });

  it('names a revision that does not exist', () => {
    const run = runCli(['diff', '--git', repo, 'no-such-revision', 'HEAD']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('The revision "no-such-revision" is not a commit of the repository');
  });

  it('rejects a path with no pages', () => {
    const run = runCli(['diff', '--git', repo, '9a3e7e8', 'd43fa31', '--path', 'docsource']);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Neither revision has pages matching "list_*" under "docsource"');
  });
});

describe.skipIf(!HAS_CORPUS)('iamref diff on folders', () => {
  let root = '';

  beforeAll(async () => {
    root = await temporaryFolder('diff');
    for (const snapshot of ['2020-02-21', '2020-04-10']) {
      await mkdir(path.join(root, snapshot));
      await cp(path.join(SNAPSHOTS, snapshot, CHIME), path.join(root, snapshot, CHIME));
    }
  });

  it('prints a changelog grouped by service', () => {
    const run = runCli(['diff', path.join(root, '2020-02-21'), path.join(root, '2020-04-10')]);

    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Recommended version bump: **minor**');
    expect(run.stdout).toContain('## chime\n\nActions added:\n\n- `chime:CreateProxySession` (list_amazonchime.md:53)');
  });

  it('shows descriptions only on request', () => {
    const pair = fileURLToPath(new URL('./fixtures/diff/description-changed/', import.meta.url));

    const hidden = runCli(['diff', path.join(pair, 'before'), path.join(pair, 'after')]);
    const shown = runCli(['diff', path.join(pair, 'before'), path.join(pair, 'after'), '--descriptions']);

    expect(hidden.stdout).toContain('Recommended version bump: **patch**; 0 changes; 1 description change not shown (--descriptions shows them).');
    expect(hidden.stdout).not.toContain('Descriptions changed');
    expect(shown.stdout).toContain(
      'Descriptions changed:\n\n- `example:GetWidget`: "Grants permission to read a widget" → "Grants permission to describe a widget" (list_example.md:10)',
    );
  });

  it('reads a generated model folder', async () => {
    const out = path.join(root, 'generated');
    expect(runCli(['generate', '--docs', path.join(root, '2020-02-21'), '--out', out, '--date', '2020-02-21']).status).toBe(0);

    const fromModel = runCli(['diff', out, path.join(root, '2020-04-10'), '--format', 'json']);
    const fromDocs = runCli(['diff', path.join(root, '2020-02-21'), path.join(root, '2020-04-10'), '--format', 'json']);

    expect(fromModel.status).toBe(0);
    expect(fromModel.stderr).toContain('a generated model, 1 services, 144 actions');
    expect(JSON.parse(fromModel.stdout)).toEqual(JSON.parse(fromDocs.stdout));
  });

  it('rejects a folder that does not exist', () => {
    const run = runCli(['diff', path.join(root, 'missing'), path.join(root, '2020-04-10')]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does not exist');
  });
});
