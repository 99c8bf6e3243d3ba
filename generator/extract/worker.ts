/** Worker thread entry: read and extract the pages it is given, and post the results back. */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { extractSourceFile } from './run.js';
import type { SourceFile } from '../read/sources.js';

parentPort?.on('message', async (files: SourceFile[]) => {
  const results = [];
  for (const source of files) results.push(await extractSourceFile(source, readFile));
  parentPort?.postMessage(results);
});
