/** One writer per output folder: a second run waits, a live lock that outlasts the wait stops the run, and a stale lock is cleared. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockOutput, lockPath, OutputLockedError } from '../generator/emit/lock.js';
import { CORPUS, HAS_CORPUS, PROJECT_ROOT, runCli, SEED, temporaryFolder } from './helpers/run-cli.js';

const CLI = path.join(PROJECT_ROOT, 'dist/generator/cli.js');
const SNAPSHOTS = path.join(CORPUS, 'iam-user-guide/snapshots');

/** Return the pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

function runCliAsync(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

describe('output lock', () => {
  it('second holder waits for release', async () => {
    const out = path.join(await temporaryFolder('lock'), 'generated');
    const first = await lockOutput(out);
    let acquired = false;
    const second = lockOutput(out, 10).then((lock) => {
      acquired = true;
      return lock;
    });

    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(acquired).toBe(false);
    await first.release();
    const lock = await second;
    expect(acquired).toBe(true);
    await lock.release();
    expect(existsSync(lockPath(out))).toBe(false);
  });

  it('times out naming the lock', async () => {
    const out = path.join(await temporaryFolder('lock'), 'generated');
    const first = await lockOutput(out);
    const error = await lockOutput(out, 0.3).catch((caught: unknown) => caught);
    await first.release();

    expect(error).toBeInstanceOf(OutputLockedError);
    expect((error as Error).message).toContain(lockPath(out));
    expect((error as Error).message).toContain(`pid ${process.pid}`);
  });

  it('clears a lock of an exited process', async () => {
    const out = path.join(await temporaryFolder('lock'), 'generated');
    await writeFile(lockPath(out), JSON.stringify({ pid: deadPid(), hostname: os.hostname(), started: null }));
    const lock = await lockOutput(out, 0);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).pid).toBe(process.pid);
    await lock.release();
  });

  it('clears a lock whose pid was reused', async () => {
    const out = path.join(await temporaryFolder('lock'), 'generated');
    await writeFile(lockPath(out), JSON.stringify({ pid: process.pid, hostname: os.hostname(), started: '1' }));
    const lock = await lockOutput(out, 0);
    expect(JSON.parse(await readFile(lock.path, 'utf8')).started).not.toBe('1');
    await lock.release();
  });

  it('clears an empty lock file', async () => {
    const out = path.join(await temporaryFolder('lock'), 'generated');
    await writeFile(lockPath(out), '');
    const lock = await lockOutput(out, 0);
    await lock.release();
    expect(existsSync(lockPath(out))).toBe(false);
  });
});

describe('generate under a lock', () => {
  it('stops while another run holds the lock', async () => {
    const out = path.join(await temporaryFolder('lock-cli'), 'generated');
    const held = await lockOutput(out);
    const run = runCli(['generate', '--docs', path.dirname(SEED), '--out', out, '--date', '2020-02-21', '--no-cache'], { IAMREF_LOCK_WAIT_SECONDS: '0.5' });
    await held.release();

    expect(run.status).toBe(1);
    expect(run.stderr).toContain(lockPath(out));
    expect(existsSync(out)).toBe(false);
  });

  it('runs after a stale lock', async () => {
    const out = path.join(await temporaryFolder('lock-cli'), 'generated');
    await writeFile(lockPath(out), JSON.stringify({ pid: deadPid(), hostname: os.hostname(), started: null }));
    const run = runCli(['generate', '--docs', path.dirname(SEED), '--out', out, '--date', '2020-02-21', '--no-cache']);

    expect(run.status).toBe(0);
    expect(existsSync(lockPath(out))).toBe(false);
  });

  it.skipIf(!HAS_CORPUS)('serializes two concurrent runs', async () => {
    const out = path.join(await temporaryFolder('lock-cli'), 'generated');
    const runs = await Promise.all([
      runCliAsync(['generate', '--docs', path.join(SNAPSHOTS, '2019-02-13'), '--out', out, '--date', '2019-02-13', '--no-cache', '--allow-removals']),
      runCliAsync(['generate', '--docs', path.join(SNAPSHOTS, '2020-02-21'), '--out', out, '--date', '2020-02-21', '--no-cache', '--allow-removals']),
    ]);
    expect(runs).toEqual([0, 0]);

    // Interleaved writers would leave model files that the index does not list, or the reverse.
    const index = JSON.parse(await readFile(path.join(out, 'model/index.json'), 'utf8')) as { services: Array<{ file: string }> };
    const listed = index.services.map((service) => service.file).sort();
    const files = (await readdir(path.join(out, 'model'))).filter((name) => name !== 'index.json').sort();
    expect(files).toEqual(listed);
  }, 120_000);
});
