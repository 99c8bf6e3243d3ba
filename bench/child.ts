/**
 * One measured run of the benchmark, in its own process so that its peak
 * resident memory is its own. Prints one JSON line (a ChildReport) on stdout.
 *
 * Usage: node child.js '<ChildRequest as JSON>'
 */
import { readFile } from 'node:fs/promises';
import rehypeParse from 'rehype-parse';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { generate } from '../generator/pipeline.js';
import { findPages } from '../generator/read/sources.js';

/** The work of one run: the whole pipeline, the bare parser alone, or a command of the CLI. */
export type ChildRequest =
  | { kind: 'generate'; docs: string; out: string; templates: string; cacheDir: string | null; threads?: number }
  | { kind: 'bare-parse'; docs: string; syntax: 'markdown' | 'html'; part?: { index: number; count: number } }
  | { kind: 'cli'; args: string[] };

/** The result of one run: wall time per stage and in total (ms), CPU time (ms) and peak RSS (MB). */
export interface ChildReport {
  stages: Record<string, number>;
  totalMs: number;
  cpuMs: number;
  maxRssMb: number;
  /** The wall time of the child process, start-up and module loading included; measured by the parent. */
  processMs?: number;
  exitCode?: number;
}

async function main(request: ChildRequest): Promise<ChildReport> {
  const started = performance.now();
  let stages: Record<string, number> = {};
  let exitCode: number | undefined;

  if (request.kind === 'generate') {
    const result = await generate({
      docsDir: request.docs,
      outDir: request.out,
      templatesDir: request.templates,
      date: '2026-01-01',
      cacheDir: request.cacheDir,
      ...(request.threads === undefined ? {} : { threads: request.threads }),
    });
    stages = result.timings;
  } else if (request.kind === 'bare-parse') {
    stages = await bareParse(request.docs, request.syntax, request.part ?? { index: 0, count: 1 });
  } else {
    exitCode = await runCli(request.args);
  }

  const cpu = process.cpuUsage();
  return {
    stages,
    totalMs: performance.now() - started,
    cpuMs: (cpu.user + cpu.system) / 1000,
    // resourceUsage().maxRSS is in kilobytes and covers every thread of the process.
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...(exitCode === undefined ? {} : { exitCode }),
  };
}

/**
 * Parse the pages of `part` with the bare parser on this thread: every
 * `count`-th page from the `index`-th. Reading the files is timed apart.
 */
async function bareParse(docs: string, syntax: 'markdown' | 'html', part: { index: number; count: number }): Promise<Record<string, number>> {
  const started = performance.now();
  const pages = (await findPages(docs)).filter((_page, position) => position % part.count === part.index);
  const texts = await Promise.all(pages.map((page) => readFile(page.absolutePath, 'utf8')));
  const read = performance.now() - started;

  const parser = syntax === 'markdown' ? unified().use(remarkParse).use(remarkGfm) : unified().use(rehypeParse);
  const parseStarted = performance.now();
  for (const text of texts) parser.parse(text);
  return { read, parse: performance.now() - parseStarted };
}

/** Run the built command line in this process and wait until it sets its exit code. */
async function runCli(args: string[]): Promise<number> {
  process.argv = [process.argv[0]!, 'iamref', ...args];
  const exited = new Promise<number>((resolve) => process.once('beforeExit', () => resolve(Number(process.exitCode ?? 0))));
  await import('../generator/cli.js');
  return exited;
}

const request = JSON.parse(process.argv[2] ?? '{}') as ChildRequest;
const report = await main(request);
process.stdout.write(`${JSON.stringify(report)}\n`);
// The CLI mode sets an exit code of its own; the report carries it, and the child itself succeeded.
process.exitCode = 0;
