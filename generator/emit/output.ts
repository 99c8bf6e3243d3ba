/**
 * Write a run's files so that a reader of the output folder sees either the
 * previous output or the new one, never a mix: everything is written into a
 * temporary folder beside the output folder, which then replaces it.
 *
 * The replacement is two renames: the output folder to `.<name>.old-<pid>`,
 * then the staging folder `.<name>.tmp-<pid>` to the output folder. A run
 * killed between them leaves no output folder, only the retired one; the next
 * run (recoverOutput, under the output lock) renames it back before it reads
 * the earlier output. A run killed at any other point leaves the output
 * folder whole, old or new, and its leftovers are removed by the next run.
 */
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from './types.js';
import { makeFolder } from '../folders.js';

/**
 * Resolve `relative` inside `root`, or throw when it would land outside it.
 * Emitters build paths from service prefixes, which come from the pages.
 */
export function resolveInside(root: string, relative: string): string {
  const target = path.resolve(root, relative);
  const fromRoot = path.relative(root, target);
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) {
    throw new Error(`Refusing to write "${relative}": the path is outside the output folder ${root}.`);
  }
  return target;
}

/**
 * Replace the output folder `outDir` with exactly `files`, unless it already
 * contains exactly those files, and return whether it wrote anything. The caller
 * holds the output lock.
 *
 * NOTE: between the two renames at the end, `outDir` is missing for a moment;
 * a reader in that window finds no folder rather than a half-written one.
 */
export async function writeOutput(outDir: string, files: OutputFile[]): Promise<boolean> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const staging = path.join(parent, `.${base}.tmp-${process.pid}`);
  const retired = path.join(parent, `.${base}.old-${process.pid}`);

  await recoverOutput(outDir);
  if (await holdsExactly(target, files)) return false;
  try {
    await writeFiles(staging, files);

    await rm(retired, { recursive: true, force: true });
    const hadOutput = await rename(target, retired).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return false;
        throw error;
      },
    );
    await rename(staging, target);
    if (hadOutput) await rm(retired, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return true;
}

/**
 * Return the files of the output folder `outDir` (relative, with `/`) that
 * are not among `files`, sorted: the files that replacing the folder
 * removes. A missing folder has none.
 */
export async function filesNotWritten(outDir: string, files: OutputFile[]): Promise<string[]> {
  const written = new Set(files.map((file) => file.path));
  return (await listFolderFiles(outDir)).filter((file) => !written.has(file));
}

/** List the entries of `folder` and its subfolders that are not folders, as relative paths with `/`, sorted; none for a missing folder. */
export async function listFolderFiles(folder: string): Promise<string[]> {
  const root = path.resolve(folder);
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

/** Files written at once: enough to keep the disk busy, few enough for any limit of open files. */
const PARALLEL_WRITES = 16;

/** Write `files` under `root`, creating each folder once and writing several files at a time. */
async function writeFiles(root: string, files: OutputFile[]): Promise<void> {
  const destinations = files.map((file) => resolveInside(root, file.path));
  for (const folder of new Set(destinations.map((destination) => path.dirname(destination)))) await makeFolder(folder);

  let next = 0;
  const writer = async (): Promise<void> => {
    while (next < files.length) {
      const index = next++;
      await writeFile(destinations[index]!, files[index]!.content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_WRITES, files.length) }, writer));
}

/**
 * Repair what a killed run left beside the output folder `outDir`. When the
 * output folder is missing and a killed run retired it, rename the retired
 * folder back. Then remove the staging and retired folders of runs that are
 * no longer running. Call it while holding the output lock.
 */
export async function recoverOutput(outDir: string): Promise<void> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const leftovers = await staleFolders(parent, path.basename(target));

  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (!exists) {
    // A run retires the output only after its staging folder is complete, and
    // one run at a time holds the lock. So at most one retired folder here
    // lacks a live owner, and it is the output from before the killed run.
    const retired = leftovers.find((name) => name.kind === 'old');
    if (retired) await rename(path.join(parent, retired.name), target);
  }

  for (const leftover of leftovers) await rm(path.join(parent, leftover.name), { recursive: true, force: true });
}

/** List the staging and retired folders beside the output folder whose process is not running (or is this one). */
async function staleFolders(parent: string, base: string): Promise<Array<{ name: string; kind: 'tmp' | 'old' }>> {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}\\.(tmp|old)-(\\d+)$`);
  const names = await readdir(parent).catch(() => [] as string[]);
  const found: Array<{ name: string; kind: 'tmp' | 'old' }> = [];
  for (const name of names.sort()) {
    const match = pattern.exec(name);
    const pid = Number(match?.[2]);
    if (!match || !pid || (pid !== process.pid && isRunning(pid))) continue;
    found.push({ name, kind: match[1] as 'tmp' | 'old' });
  }
  return found;
}

/**
 * True when `folder` contains exactly `files`, byte for byte and no other file,
 * so that a run whose output has not changed leaves the folder untouched.
 */
async function holdsExactly(folder: string, files: OutputFile[]): Promise<boolean> {
  let entries;
  try {
    entries = await readdir(folder, { recursive: true, withFileTypes: true });
  } catch {
    return false;
  }
  const existing = entries.filter((entry) => !entry.isDirectory());
  if (existing.length !== files.length) return false;

  const expected = new Map(files.map((file) => [file.path, file.content]));
  for (const entry of existing) {
    if (!entry.isFile()) return false;
    const relative = path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    const content = expected.get(relative);
    if (content === undefined) return false;
    const bytes = await readFile(path.join(entry.parentPath, entry.name));
    if (!bytes.equals(Buffer.from(content))) return false;
  }
  return true;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Read a file of the current output, or null when it does not exist. */
export async function readOutputFile(outDir: string, relative: string): Promise<string | null> {
  try {
    return await readFile(resolveInside(path.resolve(outDir), relative), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
