/** Worker thread entry: read, look up or extract each page it is sent, and post the result back. */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { CacheStore } from '../cache/store.js';
import { extractSourceFile, type PageJob, type PageReply, type WorkerSetup } from './run.js';

const setup = workerData as WorkerSetup;
const cache = setup.cacheFolder === null ? undefined : CacheStore.at(setup.cacheFolder);

parentPort?.on('message', async (job: PageJob) => {
  const reply: PageReply = { id: job.id, ...(await extractSourceFile(job.source, readFile, cache)) };
  parentPort?.postMessage(reply);
});
