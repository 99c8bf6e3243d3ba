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

  const index = parseModelFile(outDir, 'model/index.json', indexText) as ModelIndex;
  if (!Array.isArray(index?.services)) throw invalidModel(outDir, 'model/index.json', 'it has no "services" array');
  const services: Service[] = [];
  for (const summary of index.services) {
    const file = `model/${summary.file}`;
    const text = await readOutputFile(outDir, file);
    if (text === null) throw invalidModel(outDir, file, 'the index lists it, but the file is missing');
    const service = parseModelFile(outDir, file, text) as Service;

    const { validateModel } = await import('../validate/validate-model.js');
    const problems = validateModel([service]);
    if (problems.length > 0) throw invalidModel(outDir, file, `it does not match the model schema (${problems.slice(0, 3).join('; ')})`);
    services.push(service);
  }
  return services;
}

function parseModelFile(outDir: string, file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidModel(outDir, file, `it is not valid JSON (${(error as Error).message})`);
  }
}

function invalidModel(outDir: string, file: string, reason: string): Error {
  return new PreviousModelError(`The earlier model in ${outDir} cannot be read: ${file}: ${reason}. Restore the output folder (for example with git checkout) or delete it to generate from scratch.`);
}

/** Thrown when the model of the output folder cannot be read; generate then writes nothing. */
export class PreviousModelError extends Error {}
