/**
 * Worker thread entry: read, look up or extract each page it is sent, and
 * post the result back. Cache writes finish in the background, and a
 * FlushRequest from the pool waits for them.
 */
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { CacheStore } from '../cache/store.js';
import { extractSourceFile, type FlushRequest, type PageJob, type PageReply, type WorkerSetup } from './run.js';

const setup = workerData as WorkerSetup;
const cache = setup.cacheFolder === null ? undefined : CacheStore.at(setup.cacheFolder);

parentPort?.on('message', async (message: PageJob | FlushRequest) => {
  if ('flush' in message) {
    await cache?.flush();
    parentPort?.postMessage({ flushed: true });
    return;
  }
  const reply: PageReply = { id: message.id, ...(await extractSourceFile(message.source, readFile, cache)) };
  parentPort?.postMessage(reply);
});
