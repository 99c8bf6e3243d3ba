/** Load the model that an earlier run left in the output folder. */
import { readOutputFile } from '../emit/output.js';
import type { ModelIndex, Service } from '../model/types.js';

/**
 * Return the services of the model in `outDir/model/`, or null when the
 * folder holds no model. A model that cannot be parsed is an error: comparing
 * against half a model would report false removals.
 */
export async function loadPreviousModel(outDir: string): Promise<Service[] | null> {
  const indexText = await readModelFile(outDir, 'model/index.json');
  if (indexText === null) return null;

  const index = parseModelFile(outDir, 'model/index.json', indexText) as Partial<ModelIndex> | null;
  if (typeof index !== 'object' || index === null || !Array.isArray(index.services)) throw invalidModel(outDir, 'model/index.json', 'it has no "services" array');

  const { validateModel } = await import('../validate/validate-model.js');
  const listed = new Set<string>();
  const services: Service[] = [];
  for (const [position, summary] of (index.services as unknown[]).entries()) {
    const name = typeof summary === 'object' && summary !== null ? (summary as { file?: unknown }).file : undefined;
    if (typeof name !== 'string' || !MODEL_FILE_NAME.test(name) || name === 'index.json') {
      const fault = typeof name === 'string' ? `"file" is ${JSON.stringify(name)}, not` : 'it has no "file" naming';
      throw invalidModel(outDir, 'model/index.json', `entry ${position + 1} of "services" is invalid: ${fault} the name of a .json file directly in model/`);
    }
    if (listed.has(name)) throw invalidModel(outDir, 'model/index.json', `it lists model/${name} twice`);
    listed.add(name);

    const file = `model/${name}`;
    const text = await readModelFile(outDir, file);
    if (text === null) throw invalidModel(outDir, file, 'the index lists it, but the file is missing');
    const service = parseModelFile(outDir, file, text) as Service;

    const problems = validateModel([service]);
    if (problems.length > 0) throw invalidModel(outDir, file, `it does not match the model schema (${problems.slice(0, 3).join('; ')})`);
    services.push(service);
  }
  return services;
}

/** A file name of model/: no folder, and `.json` at the end. */
const MODEL_FILE_NAME = /^[^/\\]+\.json$/;

/** Read a file of the earlier output, or return null when it is missing; any other failure is a PreviousModelError. */
async function readModelFile(outDir: string, file: string): Promise<string | null> {
  try {
    return await readOutputFile(outDir, file);
  } catch (error) {
    throw invalidModel(outDir, file, `it cannot be read (${(error as Error).message})`);
  }
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
