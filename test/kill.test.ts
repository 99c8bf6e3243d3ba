/**
 * A run killed at any point (SIGKILL, so no cleanup code runs) leaves the
 * previous output whole, or the new output when the kill landed after the
 * swap. After recovery, which the next run does first, the output folder is
 * never missing and never a mix of the two.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverOutput } from '../generator/emit/output.js';
import { CORPUS, HAS_CORPUS, PROJECT_ROOT, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOTS = path.join(CORPUS, 'iam-user-guide/snapshots');
const CLI = path.join(PROJECT_ROOT, 'dist/generator/cli.js');

/** Fractions of a full run's duration at which the run is killed, from before reading to after the swap. */
const KILL_POINTS = [0.05, 0.25, 0.5, 0.7, 0.85, 0.95, 1.05];

let root: string;
let pristine: string;
let oldTree: Map<string, string>;
let newTree: Map<string, string>;
let runMs: number;

function generateArgs(out: string): string[] {
  return ['generate', '--docs', path.join(SNAPSHOTS, '2020-02-21'), '--out', out, '--date', '2020-02-21', '--no-cache', '--allow-removals'];
}

/** Start a run and kill it after `delay` ms; resolve when it has exited. */
function runAndKill(out: string, delay: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...generateArgs(out)], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delay);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

describe.skipIf(!HAS_CORPUS)('killed generate', () => {
  beforeAll(async () => {
    root = await temporaryFolder('kill');
    pristine = path.join(root, 'pristine');
    expect(runCli(['generate', '--docs', path.join(SNAPSHOTS, '2019-02-13'), '--out', pristine, '--date', '2019-02-13', '--no-cache']).status).toBe(0);
    oldTree = await readTree(pristine);

    const reference = path.join(root, 'reference');
    await cp(pristine, reference, { recursive: true });
    const started = performance.now();
    expect(runCli(generateArgs(reference)).status).toBe(0);
    runMs = performance.now() - started;
    newTree = await readTree(reference);
  }, 180_000);

  it('reference runs differ', () => {
    expect(newTree).not.toEqual(oldTree);
  });

  it.each(KILL_POINTS)('kill at %s of a run', async (fraction) => {
    const folder = path.join(root, `run-${fraction}`);
    const out = path.join(folder, 'generated');
    await cp(pristine, out, { recursive: true });

    await runAndKill(out, Math.round(runMs * fraction));
    await recoverOutput(out);

    const tree = await readTree(out);
    const whole = tree.size > 0 && (equalTrees(tree, oldTree) || equalTrees(tree, newTree));
    expect(whole).toBe(true);
    const leftovers = (await readdir(folder)).filter((name) => name !== 'generated' && !name.endsWith('.lock'));
    expect(leftovers).toEqual([]);
    await rm(folder, { recursive: true, force: true });
  });
});

function equalTrees(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [file, content] of a) if (b.get(file) !== content) return false;
  return true;
}

describe('recovery', () => {
  it('restores an output retired by a killed run', async () => {
    const root = await temporaryFolder('recover');
    const out = path.join(root, 'generated');
    const retired = path.join(root, `.generated.old-${deadPid()}`);
    const staging = path.join(root, `.generated.tmp-${deadPid()}`);
    await mkdir(path.join(retired, 'model'), { recursive: true });
    await writeFile(path.join(retired, 'model/index.json'), 'old');
    await mkdir(path.join(staging, 'model'), { recursive: true });
    await writeFile(path.join(staging, 'model/index.json'), 'new');

    await recoverOutput(out);

    expect(await readFile(path.join(out, 'model/index.json'), 'utf8')).toBe('old');
    expect((await readdir(root)).sort()).toEqual(['generated']);
  });

  it('drops the retired folder after the swap', async () => {
    const root = await temporaryFolder('recover');
    const out = path.join(root, 'generated');
    const retired = path.join(root, `.generated.old-${deadPid()}`);
    await mkdir(path.join(retired, 'model'), { recursive: true });
    await writeFile(path.join(retired, 'model/index.json'), 'old');
    await mkdir(path.join(out, 'model'), { recursive: true });
    await writeFile(path.join(out, 'model/index.json'), 'new');

    await recoverOutput(out);

    expect(await readFile(path.join(out, 'model/index.json'), 'utf8')).toBe('new');
    expect((await readdir(root)).sort()).toEqual(['generated']);
  });
});

/** Return the pid of a process that has exited. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}
