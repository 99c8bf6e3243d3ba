/**
 * The generator key: a hash of everything besides the input that decides the
 * output, so that a cache entry written by another build of the generator is
 * never used.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Raise this when the layout of cache entries changes in a way that a hash
 * of the code would not show (for example a change in how entries are serialized).
 */
export const CACHE_SCHEMA_VERSION = 1;

/** The folder `generator/` that this module belongs to: `dist/generator` when built, the sources under a test runner. */
const GENERATOR_ROOT = fileURLToPath(new URL('../', import.meta.url));
const PROJECT_ROOT = path.resolve(GENERATOR_ROOT, GENERATOR_ROOT.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

let cached: Promise<string> | undefined;

/**
 * Compute the generator key once per process: the SHA-256 of the cache schema
 * version, the Node.js version (entries are serialized with `node:v8`), every
 * `.js` and `.ts` file of the generator, and `package-lock.json`, which pins
 * the parsers and prettier. Templates are not part of it, because the docs
 * stage adds them to its own key.
 */
export function generatorKey(): Promise<string> {
  cached ??= computeGeneratorKey();
  return cached;
}

async function computeGeneratorKey(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`iamref cache ${CACHE_SCHEMA_VERSION}\0${process.version}\0`);

  const entries = await readdir(GENERATOR_ROOT, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && /\.(?:js|ts)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(`${path.relative(GENERATOR_ROOT, file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }

  const lock = await readFile(path.join(PROJECT_ROOT, 'package-lock.json')).catch(() => null);
  hash.update(lock ?? 'no package-lock.json');
  return hash.digest('hex');
}
