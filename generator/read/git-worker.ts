/** Worker thread entry of GitPageReader: extract the pages it is given from their bytes and post the results back. */
import { parentPort } from 'node:worker_threads';
import { extractPage, type PageSource } from '../extract/page.js';

parentPort?.on('message', (sources: PageSource[]) => {
  parentPort?.postMessage(sources.map((source) => extractPage(source)));
});
