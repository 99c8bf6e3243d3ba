/** Load the model that an earlier run left in the output folder. */
import { readOutputFile } from '../emit/output.js';
import type { ModelIndex, Service } from '../model/types.js';

/**
 * Return the services of the model in `outDir/model/`, or null when the
 * folder holds no model. A model that cannot be parsed is an error: comparing
 * against half a model would report false removals.
 */
export async function loadPreviousModel(outDir: string): Promise<Service[] | null> {
  const indexText = await readOutputFile(outDir, 'model/index.json');
  if (indexText === null) return null;

  const index = JSON.parse(indexText) as ModelIndex;
  const services: Service[] = [];
  for (const summary of index.services) {
    const text = await readOutputFile(outDir, `model/${summary.file}`);
    if (text === null) throw new Error(`The earlier model in ${outDir} lists model/${summary.file}, but the file is missing. Delete the output folder or restore the file.`);
    services.push(JSON.parse(text) as Service);
  }
  return services;
}
