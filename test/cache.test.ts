/**
 * The cache never changes output bytes: a warm run, a run after a page
 * changed, and a run over damaged entries all write what --no-cache writes.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmitCache } from '../generator/cache/emit.js';
import { CacheStore, hashKey } from '../generator/cache/store.js';
import { CORPUS, HAS_CORPUS, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOT = path.join(CORPUS, 'iam-user-guide/snapshots/2020-02-21');

/** Run generate into a new folder under `root` and return the tree it wrote. */
async function generateTree(root: string, name: string, docs: string, cacheDir: string | null): Promise<Map<string, string>> {
  const out = path.join(root, name);
  const args = ['generate', '--docs', docs, '--out', out, '--date', '2020-02-21', ...(cacheDir === null ? ['--no-cache'] : [])];
  const run = runCli(args, cacheDir === null ? {} : { IAMREF_CACHE_DIR: cacheDir });
  expect(run.status).toBe(0);
  return readTree(out);
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

  it('rejects a cached emitter reading the date', async () => {
    const store = await CacheStore.open(await temporaryFolder('store'));
    const cache = new EmitCache(store, { services: [], previous: null, date: '2020-01-01', templatesDir: 'templates' });
    const readsDate = async (context: { date: string }) => [{ path: 'x', content: context.date }];

    await expect(cache.run('emit TypeScript', readsDate)).rejects.toThrow(/context\.date/);
  });
});
