/**
 * Write a run's files so that a reader of the output folder sees either the
 * previous output or the new one, never a mix: everything is written into a
 * temporary folder beside the output folder, which then replaces it.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OutputFile } from './types.js';

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
 * Replace the output folder `outDir` with exactly `files`.
 *
 * NOTE: between the two renames at the end, `outDir` is missing for a moment;
 * a reader in that window finds no folder rather than a half-written one.
 */
export async function writeOutput(outDir: string, files: OutputFile[]): Promise<void> {
  const target = path.resolve(outDir);
  const parent = path.dirname(target);
  const base = path.basename(target);
  const staging = path.join(parent, `.${base}.tmp-${process.pid}`);
  const retired = path.join(parent, `.${base}.old-${process.pid}`);

  await removeStaleFolders(parent, base);
  try {
    for (const file of files) {
      const destination = resolveInside(staging, file.path);
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, file.content);
    }

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
}

/**
 * Remove staging and retired folders left beside the output folder by runs
 * that were killed; a folder whose process is still running is left alone.
 */
async function removeStaleFolders(parent: string, base: string): Promise<void> {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${escaped}\\.(?:tmp|old)-(\\d+)$`);
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!pid || (pid !== process.pid && isRunning(pid))) continue;
    await rm(path.join(parent, name), { recursive: true, force: true });
  }
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
