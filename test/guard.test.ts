/**
 * The removal guard: what it counts, and `generate` rejecting a run that
 * removes too much (exit status 3, nothing written) unless the options allow it.
 */
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkRemovals, describeRemovals } from '../generator/diff/guard.js';
import { diffModels } from '../generator/diff/index.js';
import type { Action, Service } from '../generator/model/types.js';
import { readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/diff/', import.meta.url));

function service(prefix: string, count: number, carriedOver = false): Service {
  const actions: Action[] = Array.from({ length: count }, (_, index) => ({
    name: `Action${index}`,
    description: null,
    accessLevel: null,
    resourceTypes: null,
    conditionKeys: null,
    dependentActions: null,
    sources: [{ file: `list_${prefix}.md`, line: index + 1 }],
    ...(carriedOver ? { carriedOver: true } : {}),
  }));
  return { prefix, name: prefix, pages: [{ file: `list_${prefix}.md`, title: prefix, sha256: '0'.repeat(64), dialect: 'markdown-table', actionsTable: 'present' }], actions, resourceTypes: [], conditionKeys: [] };
}

function check(before: Service[], after: Service[], threshold?: number): ReturnType<typeof checkRemovals> {
  return checkRemovals(before, diffModels(before, after).changes, threshold);
}

describe('checkRemovals', () => {
  const before = [service('alpha', 60), service('beta', 40)];

  it('passes 5 of 100 actions removed', () => {
    const after = [{ ...service('alpha', 60), actions: service('alpha', 60).actions.slice(5) }, service('beta', 40)];

    const result = check(before, after);

    expect(result.removedActions).toEqual(['alpha:Action0', 'alpha:Action1', 'alpha:Action2', 'alpha:Action3', 'alpha:Action4']);
    expect(result.percent).toBe(5);
    expect(result.tripped).toBe(false);
  });

  it('trips on 6 of 100 actions removed', () => {
    const after = [{ ...service('alpha', 60), actions: service('alpha', 60).actions.slice(6) }, service('beta', 40)];

    expect(check(before, after).tripped).toBe(true);
    expect(check(before, after, 10).tripped).toBe(false);
  });

  it('trips on a service removed whole', () => {
    const result = check([...before, service('gamma', 1)], before, 100);

    expect(result.servicesEmptied).toEqual(['gamma']);
    expect(result.removedActions).toEqual(['gamma:Action0']);
    expect(result.tripped).toBe(true);
  });

  it('trips on every action of a service', () => {
    const after = [service('alpha', 60), { ...service('beta', 0), actions: [] }];
    after[1]!.actions = [{ ...service('beta', 1).actions[0]!, name: 'Renamed' }];

    expect(check(before, after, 100).servicesEmptied).toEqual(['beta']);
  });

  it('passes a service without actions removed', () => {
    expect(check([...before, service('delta', 0)], before).tripped).toBe(false);
  });

  it('counts no carried-over action as removed', () => {
    const after = [service('alpha', 60, true), service('beta', 40)];
    after[0]!.pages[0]!.actionsTable = 'placeholder';

    const result = check(before, after);

    expect(result.removedActions).toEqual([]);
    expect(result.tripped).toBe(false);
  });

  it('lists what would go', () => {
    const message = describeRemovals(check(before, [service('alpha', 60)]));

    expect(message).toContain('40 of 100 known actions (40.0 %, more than the threshold of 5 %) and every action of service beta');
    expect(message).toContain('  beta: 40 actions (Action0, Action1,');
    expect(message).toContain('and 20 more)');
  });
});

describe('generate with the removal guard', () => {
  /** A docs folder with the pages of a fixture side, and an output folder generated from the "before" side. */
  async function generated(fixture: string): Promise<{ docs: string; out: string }> {
    const root = await temporaryFolder('guard');
    const docs = path.join(root, 'docs');
    const out = path.join(root, 'generated');
    await cp(path.join(FIXTURES, fixture, 'before'), docs, { recursive: true });
    expect(runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-01-01', '--threads', '0']).status).toBe(0);
    await rm(docs, { recursive: true });
    await cp(path.join(FIXTURES, fixture, 'after'), docs, { recursive: true });
    return { docs, out };
  }

  it('writes nothing and exits with 3 when a service goes', async () => {
    const { docs, out } = await generated('service-removed');
    const before = await readTree(out);

    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-01-02', '--threads', '0']);

    expect(run.status).toBe(3);
    expect(run.stderr).toContain('every action of service other');
    expect(run.stderr).toContain('  other: 1 action (Ping)');
    expect(run.stderr).toContain('--allow-removals');
    expect(await readTree(out)).toEqual(before);
  });

  it('publishes the removal with --allow-removals', async () => {
    const { docs, out } = await generated('service-removed');

    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-01-02', '--threads', '0', '--allow-removals']);

    expect(run.status).toBe(0);
    expect(run.stderr).toContain('published the removal of 1 actions because of --allow-removals');
    const changelog = (await readTree(out)).get('CHANGELOG.md');
    expect(changelog).toContain('## 2026-01-02\n\nRecommended version bump: major.\n\n### Services removed\n\n- `other`: Other Service (1 action)');
  });

  it('takes the threshold from --removal-threshold', async () => {
    const { docs, out } = await generated('action-removed');

    const held = runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-01-02', '--threads', '0']);
    expect(held.status).toBe(3);
    expect(held.stderr).toContain('1 of 2 known actions (50.0 %, more than the threshold of 5 %)');

    const published = runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-01-02', '--threads', '0', '--removal-threshold', '50']);
    expect(published.status).toBe(0);
    expect((await readTree(out)).get('CHANGELOG.md')).toContain('Actions removed:\n\n- `example:GetWidget`');
  });

  it('rejects a threshold that is not a percentage', async () => {
    const root = await temporaryFolder('guard-usage');
    await mkdir(path.join(root, 'docs'));

    for (const value of ['', 'many', '-1', '101']) {
      const run = runCli(['generate', '--docs', path.join(root, 'docs'), '--out', path.join(root, 'out'), `--removal-threshold=${value}`]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--removal-threshold must be a percentage from 0 to 100');
    }
  });

  it('keeps unavailable actions without the guard tripping', async () => {
    const { docs, out } = await generated('actions-table-unavailable');

    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-01-02', '--threads', '0']);

    expect(run.status).toBe(0);
    expect(run.stderr).toContain('since the earlier model: 1 actions-table-unavailable; recommended version bump: patch.');
    expect((await readTree(out)).get('CHANGELOG.md')).toContain('2 actions are kept, marked `carriedOver`: `example:CreateWidget`, `example:GetWidget`');
  });
});
