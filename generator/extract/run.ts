/**
 * Extract every page of a run, in order: from the page cache when the bytes
 * are unchanged, else in a pool of worker threads when enough pages are left
 * to pay for starting them, else on this thread.
 */
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { getPage, pageKey, setPage } from '../cache/pages.js';
import type { CacheStore } from '../cache/store.js';
import type { SourceFile } from '../read/sources.js';
import { extractPage, type PageResult } from './page.js';

/**
 * Below this many pages to parse, starting workers costs more than it saves:
 * each worker compiles the parsers again (about 0.3 s of CPU time, measured
 * with Node 20 on the 2-core benchmark machine).
 */
const MIN_PAGES_FOR_WORKERS = 16;

/** The name under which page results count in the cache's statistics. */
const PAGES_COUNT = 'pages';

/** Pages sent ahead to each worker, so that it never waits for the main thread between pages. */
const PAGES_IN_FLIGHT = 2;

export interface ExtractOptions {
  /** The cache to read results from and write them to; none when undefined. */
  cache?: CacheStore | undefined;
}

/** A page job posted to a worker thread. */
export interface PageJob {
  id: number;
  source: SourceFile;
}

/** Asks a worker thread to finish its cache writes; it replies with `{ flushed: true }`. */
export interface FlushRequest {
  flush: true;
}

/** A worker thread's reply to a PageJob. */
export interface PageReply extends ExtractedFile {
  id: number;
}

/** The result of one page, and whether it came from the cache. */
export interface ExtractedFile {
  result: PageResult;
  cached: boolean;
}

/** The data a worker thread starts with. */
export interface WorkerSetup {
  /** The folder of the cache's generator key, or null for no cache. */
  cacheFolder: string | null;
}

/**
 * Read one file and extract it, through the cache when one is given. A file
 * that cannot be read gives a diagnostic, not an exception.
 */
export async function extractSourceFile(source: SourceFile, read: (path: string) => Promise<Uint8Array>, cache?: CacheStore): Promise<ExtractedFile> {
  let bytes: Uint8Array;
  try {
    bytes = await read(source.absolutePath);
  } catch (error) {
    return { result: readFailed(source, error), cached: false };
  }
  if (!cache) return { result: extractPage({ file: source.file, bytes }), cached: false };

  const key = pageKey(source.file, bytes);
  const cached = await getPage(cache, key);
  if (cached) return { result: cached, cached: true };
  const result = extractPage({ file: source.file, bytes });
  setPage(cache, key, result);
  return { result, cached: false };
}

/**
 * Extract `files`, returning one result per file in the same order.
 *
 * @param threads the number of worker threads; 0 extracts on this thread
 */
export async function extractAll(files: SourceFile[], threads = defaultThreads(), options: ExtractOptions = {}): Promise<PageResult[]> {
  const results: PageResult[] = new Array(files.length);
  const cache = options.cache;

  // Under a test runner the sources are TypeScript and the worker cannot be
  // loaded as JavaScript; extract on this thread then.
  const canUseWorkers = import.meta.url.endsWith('.js') && threads > 0;
  const keep = (index: number, extracted: ExtractedFile): void => {
    results[index] = extracted.result;
    cache?.count(PAGES_COUNT, extracted.cached);
  };
  if (!canUseWorkers) {
    for (const [index, source] of files.entries()) keep(index, await extractSourceFile(source, readFile, cache));
    return results;
  }

  // Look pages up in the cache on this thread until enough of them miss to
  // pay for workers. The workers look up the rest themselves, so a cold run
  // does not read and hash every page twice before its workers start.
  const misses: number[] = [];
  let next = 0;
  if (cache) {
    while (next < files.length && misses.length < MIN_PAGES_FOR_WORKERS) {
      const cached = await lookUp(files[next]!, cache);
      if (cached) keep(next, { result: cached, cached: true });
      else misses.push(next);
      next++;
    }
  }
  const remaining = [...misses, ...Array.from({ length: files.length - next }, (_, offset) => next + offset)];

  if (remaining.length < MIN_PAGES_FOR_WORKERS) {
    for (const index of remaining) keep(index, await extractSourceFile(files[index]!, readFile, cache));
    return results;
  }

  const order = await largestFirst(remaining, files);
  // More threads than cores only add memory (a worker's heap is 100 MB or more on large pages).
  const pool = new PagePool(Math.min(threads, defaultThreads(), order.length), { cacheFolder: cache?.folder ?? null });
  try {
    await Promise.all(order.map(async (index) => keep(index, await pool.extract(files[index]!))));
  } finally {
    await pool.close();
  }
  return results;
}

/** Return the cached result of a page, a read-failed result, or undefined on a miss. */
async function lookUp(source: SourceFile, cache: CacheStore): Promise<PageResult | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(source.absolutePath);
  } catch (error) {
    return readFailed(source, error);
  }
  return getPage(cache, pageKey(source.file, bytes));
}

function readFailed(source: SourceFile, error: unknown): PageResult {
  const reason = error instanceof Error ? error.message : String(error);
  return {
    page: null,
    content: null,
    diagnostics: [{ file: source.file, line: 1, column: 1, severity: 'error', ruleId: 'read-failed', message: `The file could not be read: ${reason}` }],
  };
}

/**
 * Order pages by size, largest first, so that the pool does not end with one
 * worker parsing a large page while the others wait (the HTML pages range
 * from 30 kB to 2.2 MB).
 */
async function largestFirst(indexes: number[], files: SourceFile[]): Promise<number[]> {
  const sizes = await Promise.all(indexes.map((index) => stat(files[index]!.absolutePath).then((info) => info.size, () => 0)));
  return indexes.map((index, position) => ({ index, size: sizes[position]! })).sort((a, b) => b.size - a.size || a.index - b.index).map(({ index }) => index);
}

interface PendingJob {
  job: PageJob;
  resolve: (extracted: ExtractedFile) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads that pull pages from one queue: each worker has at most
 * PAGES_IN_FLIGHT pages at a time and is given the next page when it returns
 * one, so a slow page delays only its own worker. Workers read the files
 * themselves, so only paths and results cross between threads.
 */
class PagePool {
  private readonly workers: Worker[] = [];
  private readonly queue: PendingJob[] = [];
  private readonly inFlight = new Map<Worker, Map<number, PendingJob>>();
  private nextId = 0;
  private failure: Error | undefined;
  private closing = false;

  constructor(count: number, setup: WorkerSetup) {
    const script = fileURLToPath(new URL('./worker.js', import.meta.url));
    for (let index = 0; index < count; index++) {
      const worker = new Worker(script, { workerData: setup });
      this.inFlight.set(worker, new Map());
      worker.on('message', (reply: PageReply) => this.finish(worker, reply));
      worker.on('error', (error) => this.fail(error));
      // A worker that exits before close() has lost its pages, whatever its exit code.
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`The page reader thread stopped with exit code ${code} before it finished its pages.`));
      });
      this.workers.push(worker);
    }
  }

  /** Queue one page and return its result. */
  extract(source: SourceFile): Promise<ExtractedFile> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.queue.push({ job: { id: this.nextId++, source }, resolve, reject });
      this.dispatch();
    });
  }

  /** Let every worker finish its cache writes, unless the pool failed, and stop it. */
  async close(): Promise<void> {
    if (!this.failure) await Promise.all(this.workers.map((worker) => flushed(worker)));
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      const jobs = this.inFlight.get(worker)!;
      while (jobs.size < PAGES_IN_FLIGHT && this.queue.length > 0) {
        const pending = this.queue.shift()!;
        jobs.set(pending.job.id, pending);
        worker.postMessage(pending.job);
      }
    }
  }

  private finish(worker: Worker, reply: PageReply | { flushed: true }): void {
    if ('flushed' in reply) return;
    const jobs = this.inFlight.get(worker)!;
    const pending = jobs.get(reply.id);
    jobs.delete(reply.id);
    pending?.resolve({ result: reply.result, cached: reply.cached });
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const jobs of this.inFlight.values()) for (const pending of jobs.values()) pending.reject(error);
    for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}

/** Request that `worker` finish its cache writes, and wait for its reply or its exit. */
function flushed(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      worker.off('message', onMessage);
      worker.off('exit', done);
      resolve();
    };
    const onMessage = (reply: unknown): void => {
      if (typeof reply === 'object' && reply !== null && 'flushed' in reply) done();
    };
    worker.on('message', onMessage);
    worker.on('exit', done);
    worker.postMessage({ flush: true } satisfies FlushRequest);
  });
}

/** Return one thread per core, at most 8. */
function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}
