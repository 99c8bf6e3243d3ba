/**
 * The cache never changes output bytes: a warm run, a run after a page
 * changed, and a run over damaged entries all write what --no-cache writes.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmitCache } from '../generator/cache/emit.js';
import { CacheStore, hashKey } from '../generator/cache/store.js';
import { type CliRun, CORPUS, HAS_CORPUS, readTree, runCli, SEED, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOT = path.join(CORPUS, 'iam-user-guide/snapshots/2020-02-21');

/** Run generate into a new folder under `root` and return the tree it wrote. */
async function generateTree(root: string, name: string, docs: string, cacheDir: string | null): Promise<Map<string, string>> {
  const out = path.join(root, name);
  const args = ['generate', '--docs', docs, '--out', out, '--date', '2020-02-21', ...(cacheDir === null ? ['--no-cache'] : [])];
  const run = runCli(args, cacheDir === null ? {} : { IAMREF_CACHE_DIR: cacheDir });
  expect(run.status).toBe(0);
  return readTree(out);
}

/** Copy three pages of 2020-11-06 into a new docs folder. */
async function threePages(): Promise<{ root: string; docs: string }> {
  const root = await temporaryFolder('cache');
  const docs = path.join(root, 'docs');
  await mkdir(docs);
  for (const name of ['list_amazonsqs.md', 'list_amazons3.md', 'list_awslambda.md']) await cp(path.join(CORPUS, 'iam-user-guide/snapshots/2020-11-06', name), path.join(docs, name));
  return { root, docs };
}

/** Rename one action of the SQS page, which changes the sqs service only. */
async function renameAction(docs: string): Promise<void> {
  const page = path.join(docs, 'list_amazonsqs.md');
  await writeFile(page, (await readFile(page, 'utf8')).replace('[ ChangeMessageVisibility ]', '[ RenamedAction ]'));
}

/** Run generate with `--timings` into `out`. */
function timedRun(docs: string, out: string, cacheDir: string, date = '2020-11-06'): CliRun {
  return runCli(['generate', '--docs', docs, '--out', out, '--date', date, '--timings'], { IAMREF_CACHE_DIR: cacheDir });
}

/** Read the `iamref: cache, <kind>: ...` lines of `--timings`. */
function cacheCounts(stderr: string): Record<string, string> {
  return Object.fromEntries([...stderr.matchAll(/^iamref: cache, (.+): (\d+ reused, \d+ computed)$/gm)].map((match) => [match[1]!, match[2]!]));
}

/** Return the lines of `stderr` that report diagnostics, without the summary, timings and cache lines. */
function diagnosticLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !/^iamref: (read \d|cache, |.*: \d+ ms$)/.test(line));
}

async function listEntries(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe.skipIf(!HAS_CORPUS)('generate cache', () => {
  it('cold, warm and uncached agree', async () => {
    const root = await temporaryFolder('cache');
    const cacheDir = path.join(root, 'cache');
    const uncached = await generateTree(root, 'uncached', SNAPSHOT, null);
    const cold = await generateTree(root, 'cold', SNAPSHOT, cacheDir);
    const warm = await generateTree(root, 'warm', SNAPSHOT, cacheDir);

    expect(cold).toEqual(uncached);
    expect(warm).toEqual(uncached);
    expect((await listEntries(cacheDir)).length).toBeGreaterThan(222);
  }, 120_000);

  it('rereads a changed page', async () => {
    const root = await temporaryFolder('cache');
    const cacheDir = path.join(root, 'cache');
    const docs = path.join(root, 'docs');
    await mkdir(docs);
    for (const name of ['list_amazonsqs.md', 'list_amazons3.md', 'list_awslambda.md']) await cp(path.join(CORPUS, 'iam-user-guide/snapshots/2020-11-06', name), path.join(docs, name));
    await generateTree(root, 'first', docs, cacheDir);

    const page = path.join(docs, 'list_amazonsqs.md');
    await writeFile(page, (await readFile(page, 'utf8')).replace("[ ChangeMessageVisibility ]", "[ RenamedAction ]"));
    const cached = await generateTree(root, 'second', docs, cacheDir);
    const uncached = await generateTree(root, 'uncached', docs, null);

    expect(cached).toEqual(uncached);
    expect(cached.get('model/sqs.json')).toContain('"RenamedAction"');
  }, 120_000);

  it('reuses unchanged services', async () => {
    const { root, docs } = await threePages();
    const cacheDir = path.join(root, 'cache');
    const out = path.join(root, 'out');
    expect(timedRun(docs, out, cacheDir).status).toBe(0);

    await renameAction(docs);
    const run = timedRun(docs, out, cacheDir);
    expect(run.status).toBe(0);
    expect(cacheCounts(run.stderr)).toEqual({
      pages: '2 reused, 1 computed',
      'TypeScript modules': '4 reused, 1 computed',
      // The docs index lists every service, so it is rendered again with the changed one.
      'docs pages': '2 reused, 2 computed',
      'policy schema': '0 reused, 1 computed',
    });
  }, 120_000);

  it('keeps modules across docs folders', async () => {
    const { root, docs } = await threePages();
    const cacheDir = path.join(root, 'cache');
    const seedDocs = path.join(root, 'seed');
    await mkdir(seedDocs);
    await cp(SEED, path.join(seedDocs, 'list_amazonchime.md'));

    timedRun(docs, path.join(root, 'out'), cacheDir);
    timedRun(seedDocs, path.join(root, 'seed-out'), cacheDir);
    const again = timedRun(docs, path.join(root, 'out-again'), cacheDir);
    expect(cacheCounts(again.stderr)['TypeScript modules']).toBe('5 reused, 0 computed');
    expect(cacheCounts(again.stderr)['docs pages']).toBe('4 reused, 0 computed');
  }, 120_000);

  it('replays an identical run', async () => {
    const { root, docs } = await threePages();
    const cacheDir = path.join(root, 'cache');
    const out = path.join(root, 'out');
    const cold = timedRun(docs, out, cacheDir);
    const written = await readTree(out);
    const full = timedRun(docs, out, cacheDir);
    const replayed = timedRun(docs, out, cacheDir);

    expect(cold.stderr).toMatch(/wrote 20 files/);
    expect(full.stderr).toMatch(/already held these 20 files, so nothing was written/);
    expect(replayed.stderr).toMatch(/already held these 20 files \(known from an identical earlier run\)/);
    expect(diagnosticLines(replayed.stderr)).toEqual(diagnosticLines(full.stderr));
    expect(await readTree(out)).toEqual(written);
  }, 120_000);

  it('runs again after an edit', async () => {
    const { root, docs } = await threePages();
    const cacheDir = path.join(root, 'cache');
    const out = path.join(root, 'out');
    timedRun(docs, out, cacheDir);
    timedRun(docs, out, cacheDir);
    const written = await readTree(out);

    // An edited output file, another date and an edited page each miss the record.
    await writeFile(path.join(out, 'src/sqs.ts'), '// edited\n');
    expect(timedRun(docs, out, cacheDir).stderr).toMatch(/wrote 20 files/);
    expect(await readTree(out)).toEqual(written);
    expect(timedRun(docs, out, cacheDir, '2020-11-07').stderr).not.toMatch(/known from an identical earlier run/);
    await renameAction(docs);
    expect(timedRun(docs, out, cacheDir).stderr).toMatch(/wrote 21 files/);
  }, 120_000);

  it('names removed output files', async () => {
    const { root, docs } = await threePages();
    const out = path.join(root, 'out');
    timedRun(docs, out, path.join(root, 'cache'));
    await writeFile(path.join(out, 'notes.txt'), 'mine');

    const run = timedRun(docs, out, path.join(root, 'cache'));
    expect(run.stderr).toMatch(/removed 1 file of the earlier .*out that this run does not write: notes\.txt\./);
  }, 120_000);

  it.skipIf(!existsSync('/proc/self'))('runs without a cache folder under /proc', async () => {
    const { root, docs } = await threePages();
    const run = runCli(['generate', '--docs', docs, '--out', path.join(root, 'out'), '--date', '2020-11-06'], { IAMREF_CACHE_DIR: '/proc/iamref-cache' }, 60_000);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/wrote 20 files/);
    expect(run.stderr).toMatch(/the cache could not be written \(ENOENT/);
  }, 120_000);

  it('rejects a damaged earlier model', async () => {
    const { root, docs } = await threePages();
    const out = path.join(root, 'out');
    timedRun(docs, out, path.join(root, 'cache'));
    await writeFile(path.join(out, 'model/sqs.json'), '{}');

    const run = timedRun(docs, out, path.join(root, 'cache'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/The earlier model in .* cannot be read: model\/sqs\.json: it does not match the model schema/);
    expect(run.stderr).toMatch(/\(a service without a prefix\): must have required property 'prefix'/);
    expect(await readFile(path.join(out, 'model/sqs.json'), 'utf8')).toBe('{}');
  }, 120_000);

  it.each([
    ['an entry without a file', '{"services":[{}]}', /entry 1 of "services" is invalid: it has no "file"/],
    ['a null entry', '{"services":[null]}', /entry 1 of "services" is invalid: it has no "file"/],
    ['a path out of model/', '{"services":[{"file":"../../outside.json"}]}', /entry 1 of "services" is invalid: "file" is "..\/..\/outside.json", not the name/],
    ['a file listed twice', '{"services":[{"file":"sqs.json"},{"file":"sqs.json"}]}', /lists model\/sqs\.json twice/],
  ])('rejects an index with %s', async (_case, index, message) => {
    const { root, docs } = await threePages();
    const out = path.join(root, 'out');
    timedRun(docs, out, path.join(root, 'cache'));
    await writeFile(path.join(out, 'model/index.json'), index);

    const run = timedRun(docs, out, path.join(root, 'cache'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/the command failed|    at /);
  }, 120_000);

  it('rejects a model file that is a folder', async () => {
    const { root, docs } = await threePages();
    const out = path.join(root, 'out');
    timedRun(docs, out, path.join(root, 'cache'));
    await rm(path.join(out, 'model/sqs.json'));
    await mkdir(path.join(out, 'model/sqs.json'));

    const run = timedRun(docs, out, path.join(root, 'cache'));
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/model\/sqs\.json: it cannot be read \(EISDIR/);
  }, 120_000);

  it('ignores damaged entries', async () => {
    const root = await temporaryFolder('cache');
    const cacheDir = path.join(root, 'cache');
    const uncached = await generateTree(root, 'uncached', SNAPSHOT, null);
    await generateTree(root, 'cold', SNAPSHOT, cacheDir);
    for (const entry of await listEntries(cacheDir)) await writeFile(entry, 'damaged');

    expect(await generateTree(root, 'damaged', SNAPSHOT, cacheDir)).toEqual(uncached);
  }, 120_000);
});

describe('cache store', () => {
  it('round-trips a value', async () => {
    const store = await CacheStore.open(await temporaryFolder('store'));
    await store.set('test', 'key', { text: 'a', missing: undefined });
    expect(await store.get('test', 'key')).toEqual({ text: 'a', missing: undefined });
  });

  it('misses an unknown key', async () => {
    const store = await CacheStore.open(await temporaryFolder('store'));
    expect(await store.get('test', 'other')).toBeUndefined();
  });

  it('separates key parts', () => {
    expect(hashKey('ab', 'c')).not.toBe(hashKey('a', 'bc'));
  });

  it('prunes only its own folders', async () => {
    const root = await temporaryFolder('store');
    const store = await CacheStore.open(root);
    await store.set('test', 'key', 'value');
    const tag = await readFile(path.join(store.folder, 'CACHEDIR.TAG'), 'utf8');

    const old = new Date(Date.now() - 3 * 24 * 60 * 60 * 1000);
    const folders = { unrelated: path.join(root, 'important-project'), untagged: path.join(root, 'a'.repeat(24)), stale: path.join(root, 'b'.repeat(24)) };
    for (const folder of Object.values(folders)) await mkdir(folder);
    await writeFile(path.join(folders.unrelated, 'data.txt'), 'keep');
    await writeFile(path.join(folders.stale, 'CACHEDIR.TAG'), tag);
    for (const folder of Object.values(folders)) await utimes(folder, old, old);

    await store.pruneOtherKeys();
    expect((await readdir(root)).sort()).toEqual([path.basename(store.folder), 'a'.repeat(24), 'important-project'].sort());
    expect(await readFile(path.join(folders.unrelated, 'data.txt'), 'utf8')).toBe('keep');
  });

  it('rejects a cached emitter reading the date', async () => {
    const store = await CacheStore.open(await temporaryFolder('store'));
    const cache = new EmitCache(store, { services: [], previous: null, date: '2020-01-01', templatesDir: 'templates' });
    const readsDate = async (context: { date: string }) => [{ path: 'x', content: context.date }];

    await expect(cache.run('emit policy schema', readsDate)).rejects.toThrow(/context\.date/);
  });
});
