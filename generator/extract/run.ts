/**
 * Extract every page of a run, in worker threads when there are enough pages
 * to pay for starting them, and in order.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from '../read/sources.js';
import { extractPage, type PageResult } from './page.js';

/** Below this many pages, starting workers costs more than it saves. */
const MIN_PAGES_FOR_WORKERS = 16;

/** Read one file and extract it; a file that cannot be read gives a diagnostic, not an exception. */
export async function extractSourceFile(source: SourceFile, read: (path: string) => Promise<Uint8Array>): Promise<PageResult> {
  let bytes: Uint8Array;
  try {
    bytes = await read(source.absolutePath);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      page: null,
      content: null,
      diagnostics: [{ file: source.file, line: 1, column: 1, severity: 'error', ruleId: 'read-failed', message: `The file could not be read: ${reason}` }],
    };
  }
  return extractPage({ file: source.file, bytes });
}

/**
 * Extract `files`, returning one result per file in the same order.
 *
 * @param threads the number of worker threads; 0 extracts on this thread
 */
export async function extractAll(files: SourceFile[], threads = defaultThreads()): Promise<PageResult[]> {
  const workerUrl = new URL('./worker.js', import.meta.url);
  // Under a test runner the sources are TypeScript and the worker cannot be
  // loaded as JavaScript; extract on this thread then.
  const canUseWorkers = import.meta.url.endsWith('.js') && threads > 0 && files.length >= MIN_PAGES_FOR_WORKERS;
  if (!canUseWorkers) {
    const results: PageResult[] = [];
    for (const source of files) results.push(await extractSourceFile(source, readFile));
    return results;
  }

  const count = Math.min(threads, files.length);
  // Interleave the files so that large and small pages spread evenly.
  const chunks: SourceFile[][] = Array.from({ length: count }, () => []);
  files.forEach((source, index) => chunks[index % count]!.push(source));

  const parts = await Promise.all(chunks.map((chunk) => runWorker(fileURLToPath(workerUrl), chunk)));
  const results: PageResult[] = new Array(files.length);
  parts.forEach((part, worker) => part.forEach((result, index) => (results[index * count + worker] = result)));
  return results;
}

function runWorker(script: string, files: SourceFile[]): Promise<PageResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script);
    worker.once('message', (results: PageResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The page reader thread stopped with exit code ${code}.`));
    });
    worker.postMessage(files);
  });
}

/** One thread per core, at most 8. */
function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}
