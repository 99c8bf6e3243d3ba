/**
 * One writer per output folder: `generate` holds a lock file beside the
 * output folder, `.<name>.lock`, from before it reads the earlier output until
 * the new output is in place. A second run on the same folder waits for it,
 * and stops with a message naming the lock file when the wait times out.
 */
import { readFileSync } from 'node:fs';
import { link, open, readFile, rename, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { makeFolder } from '../folders.js';

/** How long a run waits for another run's lock, in seconds, unless IAMREF_LOCK_WAIT_SECONDS sets another wait. */
export const DEFAULT_LOCK_WAIT_SECONDS = 300;

const POLL_MS = 100;

/** The holder of a lock, as its lock file records it. */
export interface LockOwner {
  pid: number;
  hostname: string;
  /** The process start time in clock ticks since boot (Linux), which distinguishes a live holder from a new process that reuses its pid. */
  started: string | null;
}

/** A held lock. */
export interface OutputLock {
  /** The lock file. */
  path: string;
  /** Remove the lock file. */
  release(): Promise<void>;
}

/** Thrown when another run holds the lock for longer than the wait. */
export class OutputLockedError extends Error {}

/** Return the lock file of `outDir`: `.<name>.lock` in the same parent folder. */
export function lockPath(outDir: string): string {
  const target = path.resolve(outDir);
  return path.join(path.dirname(target), `.${path.basename(target)}.lock`);
}

/**
 * Take the lock of `outDir`. A lock whose holder has exited (its pid is gone
 * or now names a process that started later) is stale and is cleared.
 *
 * @param waitSeconds how long to wait for a live holder before throwing OutputLockedError
 */
export async function lockOutput(outDir: string, waitSeconds = configuredWait()): Promise<OutputLock> {
  const file = lockPath(outDir);
  const owner: LockOwner = { pid: process.pid, hostname: os.hostname(), started: processStartTime(process.pid) };
  await makeFolder(path.dirname(file));
  const deadline = Date.now() + waitSeconds * 1000;

  for (;;) {
    if (await tryCreate(file, owner)) return { path: file, release: () => unlink(file).catch(() => undefined) };

    const holder = await readOwner(file);
    if (holder === undefined) continue; // The holder released the lock between our two steps.
    if (holder === null || isStale(holder)) {
      await clearStale(file);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new OutputLockedError(
        `Another iamref run (pid ${holder.pid} on ${holder.hostname}) is writing ${outDir} and holds the lock ${file}; timed out after waiting ${waitSeconds} s. Run again when it has finished, or delete ${file} if that process is not an iamref run.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function configuredWait(): number {
  const text = process.env.IAMREF_LOCK_WAIT_SECONDS;
  const seconds = text === undefined || text === '' ? NaN : Number(text);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_LOCK_WAIT_SECONDS;
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/**
 * Return the holder of the lock; undefined when there is no lock file, and
 * null when it cannot be parsed, which happens only when a run was killed
 * between creating the file and writing it, or while it was being written.
 */
async function readOwner(file: string): Promise<LockOwner | null | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const owner = JSON.parse(text) as LockOwner;
    return Number.isInteger(owner.pid) ? owner : null;
  } catch {
    // A run that has just created the file may not have written it yet; give it a moment.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    return (await readFile(file, 'utf8').catch(() => '')) === text ? null : undefined;
  }
}

/** True when the holder ran on this host and has exited. A holder on another host (a shared disk) is never judged stale. */
function isStale(owner: LockOwner): boolean {
  if (owner.hostname !== os.hostname()) return false;
  if (!isRunning(owner.pid)) return true;
  const started = processStartTime(owner.pid);
  return owner.started !== null && started !== null && started !== owner.started;
}

/**
 * Remove a stale lock. It is first renamed to a name of our own, so that of
 * two runs clearing it at once only one removes it. When the renamed file
 * turns out to be a live lock that another run took in the meantime, it is
 * put back.
 * NOTE: putting it back fails if a third run created a lock in that instant;
 * then two runs may proceed, a window of a few system calls.
 */
async function clearStale(file: string): Promise<void> {
  const claimed = `${file}.stale-${process.pid}`;
  try {
    await rename(file, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const owner = await readOwner(claimed);
  if (owner && !isStale(owner)) await link(claimed, file).catch(() => undefined);
  await unlink(claimed).catch(() => undefined);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Return field 22 of /proc/<pid>/stat, the start time in clock ticks, or null off Linux. */
function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}
