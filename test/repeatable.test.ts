/** Two runs on the same input write byte-identical output, whatever the time zone, thread count or cache. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CORPUS, HAS_CORPUS, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOT = path.join(CORPUS, 'iam-user-guide/snapshots/2020-02-21');
/** 2020-02-21T12:00:00Z, so that the date is the same in every time zone only if it is taken in UTC. */
const EPOCH = '1582286400';

interface Setting {
  name: string;
  env: NodeJS.ProcessEnv;
  args: string[];
}

const SETTINGS: Setting[] = [
  { name: 'Kolkata, 1 thread', env: { TZ: 'Asia/Kolkata' }, args: ['--threads', '1', '--date', '2020-02-21', '--no-cache'] },
  { name: 'Los Angeles, 2 threads', env: { TZ: 'America/Los_Angeles' }, args: ['--threads', '2', '--date', '2020-02-21', '--no-cache'] },
  { name: 'SOURCE_DATE_EPOCH, Kolkata', env: { TZ: 'Asia/Kolkata', SOURCE_DATE_EPOCH: EPOCH }, args: ['--threads', '2', '--no-cache'] },
  { name: 'SOURCE_DATE_EPOCH, Los Angeles', env: { TZ: 'America/Los_Angeles', SOURCE_DATE_EPOCH: EPOCH }, args: ['--threads', '0'] },
];

let root: string;
let baseline: Map<string, string>;

/** Generate twice into one folder, so that the output includes a changelog entry, and return the tree. */
async function generateTwice(name: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Map<string, string>> {
  const out = path.join(root, name);
  const cacheDir = path.join(root, `${name}-cache`);
  const first = runCli(['generate', '--docs', path.join(CORPUS, 'iam-user-guide/snapshots/2019-02-13'), '--out', out, '--date', '2019-02-13', '--no-cache'], env);
  expect(first.status).toBe(0);
  const second = runCli(['generate', '--docs', SNAPSHOT, '--out', out, '--allow-removals', ...args], { IAMREF_CACHE_DIR: cacheDir, ...env });
  expect(second.status).toBe(0);
  return readTree(out);
}

describe.skipIf(!HAS_CORPUS)('repeatable output', () => {
  beforeAll(async () => {
    root = await temporaryFolder('repeatable');
    baseline = await generateTwice('baseline', { TZ: 'UTC' }, ['--threads', '0', '--date', '2020-02-21', '--no-cache']);
  }, 120_000);

  it('baseline has a dated changelog', () => {
    expect(baseline.get('CHANGELOG.md')).toContain('2020-02-21');
  });

  it.each(SETTINGS)('$name', async (setting) => {
    const tree = await generateTwice(setting.name.replace(/\W+/g, '-'), setting.env, setting.args);
    expect([...tree.keys()]).toEqual([...baseline.keys()]);
    for (const [file, content] of baseline) expect(tree.get(file), file).toBe(content);
  }, 120_000);
});
