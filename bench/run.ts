/**
 * `npm run bench`: run the pipeline on named corpora several times. For a cold
 * run (empty cache, empty output) and warm runs (nothing changed), print the
 * median, minimum and maximum wall time per stage and in total, the CPU time
 * and the peak resident memory, next to the bare parser on the same pages,
 * on one thread and split between two processes.
 *
 * Usage: node dist/bench/run.js [--runs N] [--only NAME[,NAME]] [--threads N]
 *
 * Every measured run is a child process (bench/child.ts). The children run a
 * copy of dist/ made at the start, so a rebuild during the benchmark neither
 * changes the code measured nor the generator key of the cache.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { ChildReport, ChildRequest } from './child.js';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus');

interface Corpus {
  name: string;
  description: string;
  /** The folder of pages, for generate and the bare parser; absent for the history replay. */
  docs?: string;
  syntax?: 'markdown' | 'html';
  history?: boolean;
}

const CORPORA: Corpus[] = [
  { name: 'html', description: 'service-authorization-html/2026-06-14 (533 HTML pages)', docs: path.join(CORPUS, 'service-authorization-html/2026-06-14'), syntax: 'html' },
  { name: 'markdown', description: 'iam-user-guide/snapshots/2020-11-06 (241 Markdown pages)', docs: path.join(CORPUS, 'iam-user-guide/snapshots/2020-11-06'), syntax: 'markdown' },
  {
    name: 'markdown-2020-02-21',
    description: 'iam-user-guide/snapshots/2020-02-21 (222 Markdown pages)',
    docs: path.join(CORPUS, 'iam-user-guide/snapshots/2020-02-21'),
    syntax: 'markdown',
  },
  { name: 'history', description: 'iamref history over iam-user-guide/history.bundle (131 versions)', history: true },
];

interface Row {
  label: string;
  reports: ChildReport[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a whole number of 1 or more, not "${values.runs}".`);
  const only = values.only?.split(',');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (!existsSync(CORPUS)) throw new Error(`The corpus folder ${CORPUS} is missing; the benchmark reads the shared corpus beside the project.`);

  const work = mkdtempSync(path.join(os.tmpdir(), 'iamref-bench-'));
  try {
    const child = snapshotBuild(work);
    process.stdout.write(`${machine()}\n\n${runs === 1 ? 'Each figure is one run' : `Each figure is the median (min to max) of ${runs} runs`}, in a child process each.\n`);

    for (const corpus of CORPORA) {
      if (only && !only.includes(corpus.name)) continue;
      process.stdout.write(`\n### ${corpus.description}\n\n`);
      try {
        const rows = corpus.history ? benchHistory(child, work, runs) : await benchGenerate(child, work, corpus, runs, threads);
        process.stdout.write(rows === null ? 'Not measured: the history command is missing.\n' : table(rows));
        for (const failure of new Set(failures.splice(0))) process.stdout.write(`\nA run failed and is left out of the table: ${failure}\n`);
      } catch (error) {
        // One corpus that fails to generate should not hide the figures of the others.
        process.stdout.write(`Not measured: ${error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error)}\n`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Copy dist/, the templates and the package files into `work`, and return the path of the copied child script. */
function snapshotBuild(work: string): string {
  const root = path.join(work, 'build');
  mkdirSync(root);
  cpSync(path.join(PROJECT_ROOT, 'dist'), path.join(root, 'dist'), { recursive: true });
  cpSync(path.join(PROJECT_ROOT, 'templates'), path.join(root, 'templates'), { recursive: true });
  for (const file of ['package.json', 'package-lock.json']) cpSync(path.join(PROJECT_ROOT, file), path.join(root, file));
  symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return path.join(root, 'dist/bench/child.js');
}

async function benchGenerate(child: string, work: string, corpus: Corpus, runs: number, threads: number | undefined): Promise<Row[]> {
  const templates = path.join(path.dirname(path.dirname(path.dirname(child))), 'templates');
  const generateRequest = (out: string, cacheDir: string | null): ChildRequest => ({
    kind: 'generate',
    docs: corpus.docs!,
    out,
    templates,
    cacheDir,
    ...(threads === undefined ? {} : { threads }),
  });
  const bareRequest = (part: { index: number; count: number }): ChildRequest => ({ kind: 'bare-parse', docs: corpus.docs!, syntax: corpus.syntax!, part });

  const cold: ChildReport[] = [];
  const firstWarm: ChildReport[] = [];
  const repeatedWarm: ChildReport[] = [];
  const onePageChanged: ChildReport[] = [];
  const noCache: ChildReport[] = [];
  const bare: ChildReport[] = [];
  const bareTwo: ChildReport[] = [];
  for (let run = 0; run < runs; run++) {
    const folder = mkdtempSync(path.join(work, `${corpus.name}-`));
    const cached = generateRequest(path.join(folder, 'out'), path.join(folder, 'cache'));
    attempt(cold, () => runChild(child, cached));
    attempt(firstWarm, () => runChild(child, cached));
    attempt(repeatedWarm, () => runChild(child, cached));
    const changedDocs = path.join(folder, 'docs');
    copyWithOneChange(corpus.docs!, changedDocs);
    attempt(onePageChanged, () => runChild(child, { ...cached, docs: changedDocs } as ChildRequest));
    attempt(noCache, () => runChild(child, generateRequest(path.join(folder, 'out-no-cache'), null)));
    attempt(bare, () => runChild(child, bareRequest({ index: 0, count: 1 })));
    await attemptAsync(bareTwo, () => runChildren(child, [bareRequest({ index: 0, count: 2 }), bareRequest({ index: 1, count: 2 })]));
    rmSync(folder, { recursive: true, force: true });
  }
  const parser = corpus.syntax === 'markdown' ? 'remark-parse + remark-gfm' : 'rehype-parse';
  return [
    { label: 'cold (empty cache, empty output)', reports: cold },
    { label: 'warm, first run after the cold one (nothing changed)', reports: firstWarm },
    { label: 'warm, repeated (nothing changed, answered by the run record)', reports: repeatedWarm },
    { label: 'one page changed, after the warm runs', reports: onePageChanged },
    { label: '--no-cache, empty output', reports: noCache },
    { label: `bare ${parser}, one thread`, reports: bare },
    { label: `bare ${parser}, two processes with half the pages each`, reports: bareTwo },
  ];
}

/**
 * Copy the pages of `docs` into `target` and change the description of one
 * action, on the first page that has "Grants permission to", so that one
 * service changes and the others do not.
 */
function copyWithOneChange(docs: string, target: string): void {
  cpSync(docs, target, { recursive: true });
  for (const name of readdirSync(target).filter((file) => /\.(?:md|html?)$/.test(file)).sort()) {
    const page = path.join(target, name);
    const text = readFileSync(page, 'utf8');
    if (!text.includes('Grants permission to')) continue;
    writeFileSync(page, text.replace('Grants permission to', 'Grants permission (benchmark edit) to'));
    return;
  }
}

/** Replay the history bundle with `iamref history`, cold and warm; null when the command does not exist. */
function benchHistory(child: string, work: string, runs: number): Row[] | null {
  const cli = path.join(path.dirname(path.dirname(child)), 'generator/cli.js');
  const help = spawnSync(process.execPath, [cli, 'history', '--help'], { encoding: 'utf8' });
  if (help.status !== 0) return null;

  const repository = path.join(work, 'history-repository');
  execFileSync('git', ['clone', '--quiet', path.join(CORPUS, 'iam-user-guide/history.bundle'), repository]);
  const cold: ChildReport[] = [];
  const warm: ChildReport[] = [];
  for (let run = 0; run < runs; run++) {
    const folder = mkdtempSync(path.join(work, 'history-'));
    const request: ChildRequest = { kind: 'cli', args: ['history', '--git', repository, '--path', 'doc_source', '--out', path.join(folder, 'out')] };
    const environment = { IAMREF_CACHE_DIR: path.join(folder, 'cache') };
    attempt(cold, () => runChild(child, request, environment));
    attempt(warm, () => runChild(child, request, environment));
    rmSync(folder, { recursive: true, force: true });
  }
  return [
    { label: 'cold (empty cache, empty output)', reports: cold },
    { label: 'warm (same output folder and cache)', reports: warm },
  ];
}

/** Messages of the runs that failed since the last table; a failed run is left out of its row. */
const failures: string[] = [];

function attempt(reports: ChildReport[], run: () => ChildReport): void {
  try {
    reports.push(run());
  } catch (error) {
    failures.push(error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error));
  }
}

async function attemptAsync(reports: ChildReport[], run: () => Promise<ChildReport>): Promise<void> {
  try {
    reports.push(await run());
  } catch (error) {
    failures.push(error instanceof Error ? error.message.split('\n').slice(0, 4).join(' ') : String(error));
  }
}

/** Run one child and return its report, with `processMs`: the wall time of the whole process, start-up included. */
function runChild(child: string, request: ChildRequest, environment: NodeJS.ProcessEnv = {}): ChildReport {
  const started = performance.now();
  const result = spawnSync(process.execPath, [child, JSON.stringify(request)], {
    encoding: 'utf8',
    env: { ...process.env, ...environment },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { ...parseReport(request, result.status, result.stdout, result.stderr), processMs: performance.now() - started };
}

/**
 * Run children at the same time and return one report for all: the wall
 * time from the first start to the last exit, the sum of their CPU times and
 * the largest peak RSS.
 */
async function runChildren(child: string, requests: ChildRequest[]): Promise<ChildReport> {
  const started = performance.now();
  const reports = await Promise.all(
    requests.map(
      (request) =>
        new Promise<ChildReport>((resolve, reject) => {
          const running = spawn(process.execPath, [child, JSON.stringify(request)], { stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          running.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          running.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          running.on('error', reject);
          running.on('close', (status) => {
            try {
              resolve(parseReport(request, status, stdout, stderr));
            } catch (error) {
              reject(error);
            }
          });
        }),
    ),
  );
  const wall = performance.now() - started;
  return {
    stages: { parse: Math.max(...reports.map((report) => report.stages.parse ?? 0)), read: Math.max(...reports.map((report) => report.stages.read ?? 0)) },
    totalMs: Math.max(...reports.map((report) => report.totalMs)),
    processMs: wall,
    cpuMs: reports.reduce((sum, report) => sum + report.cpuMs, 0),
    maxRssMb: Math.max(...reports.map((report) => report.maxRssMb)),
  };
}

function parseReport(request: ChildRequest, status: number | null, stdout: string, stderr: string): ChildReport {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  if (status !== 0 || !last.startsWith('{')) {
    throw new Error(`A benchmark run failed (exit status ${status}) for ${JSON.stringify(request)}:\n${stderr.slice(-4000)}`);
  }
  return JSON.parse(last) as ChildReport;
}

/**
 * The columns of the table: each sums the stages whose name matches, so that
 * an emitter added to the pipeline is counted without changing this list.
 * Prettier's one call is timed as "format TypeScript", apart from the rest of
 * the TypeScript emitter.
 */
const COLUMNS: Array<[string, (stage: string) => boolean]> = [
  ['run record', (stage) => stage === 'look up run record'],
  ['read, parse, extract', (stage) => stage === 'read, parse and extract'],
  ['normalize, validate, diff', (stage) => ['normalize', 'validate', 'diff'].includes(stage)],
  ['emit (all)', (stage) => stage.startsWith('emit ')],
  ['of which TypeScript', (stage) => stage === 'emit TypeScript'],
  ['format (prettier)', (stage) => stage === 'format TypeScript'],
  ['write', (stage) => stage === 'write'],
  ['bare read', (stage) => stage === 'read'],
  ['bare parse', (stage) => stage === 'parse'],
];

/** Render the rows as a Markdown table: the stage columns that any run reported, then total, CPU and peak RSS. */
function table(rows: Row[]): string {
  const sum = (report: ChildReport, matches: (stage: string) => boolean): number | undefined => {
    const values = Object.entries(report.stages).filter(([stage]) => matches(stage));
    return values.length === 0 ? undefined : values.reduce((total, [, milliseconds]) => total + milliseconds, 0);
  };
  const columns = COLUMNS.filter(([, matches]) => rows.some((row) => row.reports.some((report) => sum(report, matches) !== undefined)));

  const header = ['run', ...columns.map(([name]) => `${name} (ms)`), 'total wall (ms)', 'process wall (ms)', 'CPU (ms)', 'peak RSS (MB)'];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const row of rows) {
    if (row.reports.length === 0) continue;
    const cells = columns.map(([, matches]) => spread(row.reports.map((report) => sum(report, matches)).filter((value): value is number => value !== undefined)));
    cells.push(spread(row.reports.map((report) => report.totalMs)));
    cells.push(spread(row.reports.flatMap((report) => (report.processMs === undefined ? [] : [report.processMs]))));
    cells.push(spread(row.reports.map((report) => report.cpuMs)));
    cells.push(spread(row.reports.map((report) => report.maxRssMb)));
    lines.push(`| ${row.label} | ${cells.join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Format the median with the range, as "1234 (1100–1400)". */
function spread(values: number[]): string {
  if (values.length === 0) return '';
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const round = (value: number): string => value.toFixed(0);
  return sorted.length === 1 ? round(median) : `${round(median)} (${round(sorted[0]!)}–${round(sorted.at(-1)!)})`;
}

function machine(): string {
  const memory = `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`;
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const load = os.loadavg().map((value) => value.toFixed(2)).join(', ');
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout.trim();
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: PROJECT_ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  const version = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return [
    `Date: ${new Date().toISOString().slice(0, 10)}`,
    `Machine: ${os.availableParallelism()} cores (nproc), ${cpu}, ${memory}, load average at start ${load}`,
    `Node.js ${process.version}, iamref ${version} at commit ${commit || 'unknown'}${dirty ? ', with uncommitted changes' : ''}`,
  ].join('\n');
}

await main();
