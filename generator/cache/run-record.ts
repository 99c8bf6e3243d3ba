/**
 * Run records: the result of a run that found its output folder already
 * containing exactly the files it produced, keyed by the run's inputs and by
 * those files. A `generate` depends only on its pages, options, templates,
 * overrides file, output folder and the generator itself (the cache
 * folder's key). A later run whose key matches would read, merge, emit and
 * compare the same things again and write nothing. It returns the recorded
 * result instead, having read only the pages and the output folder to
 * compute the key.
 *
 * A run that changed its output folder records nothing: its result (the
 * diff, the carried-over actions) describes the change from the earlier
 * folder, which a repeated run would not see. The next run, which finds
 * nothing to write, records itself.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { listFolderFiles } from '../emit/output.js';
import type { OutputFile } from '../emit/types.js';
import type { SourceFile } from '../read/sources.js';
import { type CacheStore, hashFolder, hashKey } from './store.js';

const NAMESPACE = 'runs';

/** Files read at once when hashing a folder; enough to keep the disk busy, few enough for any file limit. */
const PARALLEL_READS = 32;

/** Everything besides the output folder and the generator that decides a run's output and result. */
export interface RunInputs {
  pages: SourceFile[];
  date: string;
  templatesDir: string;
  /** The overrides file to read, and the name its diagnostics give it. */
  overridesPath: string;
  overridesName: string;
  allowRemovals: boolean;
  removalThreshold: number | undefined;
}

/** Return the hash of a run's inputs: the path and bytes of every page and template, the overrides file and the options. */
export async function inputsKey(inputs: RunInputs): Promise<string> {
  const hash = createHash('sha256');
  const field = (name: string, value: string | Uint8Array): void => {
    hash.update(`${name}\0${value.length}\0`);
    hash.update(value);
  };

  field('date', inputs.date);
  field('allowRemovals', String(inputs.allowRemovals));
  field('removalThreshold', String(inputs.removalThreshold ?? 'default'));
  field('overridesName', inputs.overridesName);
  field('overrides', (await readFile(inputs.overridesPath).catch(() => null)) ?? 'absent');

  const pages = await readAll(inputs.pages.map((page) => page.absolutePath));
  inputs.pages.forEach((page, index) => {
    field('page', page.file);
    field('bytes', pages[index] ?? 'unreadable');
  });

  field('templates', await hashFolder(inputs.templatesDir));
  return hash.digest('hex');
}

/**
 * Return the hash of the files of `folder` (paths with `/`, and contents).
 * Returns null when the folder has no files, cannot be read or contains a
 * link or another special file, which a run would replace by a regular file.
 */
export async function folderKey(folder: string): Promise<string | null> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  if (entries.some((entry) => !entry.isDirectory() && !entry.isFile())) return null;
  const files = await listFolderFiles(folder);
  if (files.length === 0) return null;

  const contents = await readAll(files.map((file) => path.join(folder, file)));
  if (contents.some((content) => content === null)) return null;
  return filesHash(files.map((file, index) => ({ path: file, bytes: contents[index]! })));
}

/** Return the hash that `folderKey` gives a folder that contains exactly `files`. */
export function outputKey(files: OutputFile[]): string {
  return filesHash(files.map((file) => ({ path: file.path, bytes: Buffer.from(file.content) })));
}

/** Return the recorded result for a run key, or undefined. */
export function getRun<T>(cache: CacheStore, key: string): Promise<T | undefined> {
  return cache.get<T>(NAMESPACE, key);
}

/** Record the result of a run that wrote nothing, without waiting for the disk (see `CacheStore.flush`). */
export function recordRun(cache: CacheStore, key: string, result: unknown): void {
  cache.setLater(NAMESPACE, key, result);
}

/** Combine the inputs key and the output folder's key into the key of a run record. */
export function runKey(inputs: string, output: string): string {
  return hashKey('run', inputs, output);
}

function filesHash(files: Array<{ path: string; bytes: Uint8Array }>): string {
  const hash = createHash('sha256');
  const sorted = [...files].sort((a, b) => comparePaths(a.path, b.path));
  for (const file of sorted) {
    hash.update(`${file.path}\0${file.bytes.byteLength}\0`);
    hash.update(file.bytes);
  }
  return hash.digest('hex');
}

/** Compare two paths by their UTF-16 code units, as `Array.prototype.sort` does by default. */
function comparePaths(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Read `files`, a few at a time; a file that cannot be read gives null. */
async function readAll(files: string[]): Promise<Array<Buffer | null>> {
  const contents: Array<Buffer | null> = new Array(files.length);
  let next = 0;
  const reader = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      contents[index] = await readFile(files[index]!).catch(() => null);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, files.length) }, reader));
  return contents;
}
