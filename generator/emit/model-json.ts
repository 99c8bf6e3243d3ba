/** Emit the model as JSON: one file per service and an index with counts. */
import type { ModelIndex, Service } from '../model/types.js';
import type { EmitContext, OutputFile } from './types.js';

/** Serialize with two-space indentation and a final newline, so that files diff well. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Return the path of a service's model file, relative to the output folder. */
export function modelPath(service: Pick<Service, 'prefix'>): string {
  return `model/${service.prefix}.json`;
}

/** Emit `model/<prefix>.json` per service and `model/index.json`. */
export async function emitModelJson(context: EmitContext): Promise<OutputFile[]> {
  const files = context.services.map((service) => ({ path: modelPath(service), content: toJson(service) }));

  const index: ModelIndex = {
    services: context.services.map((service) => ({
      prefix: service.prefix,
      name: service.name,
      file: `${service.prefix}.json`,
      pages: service.pages.length,
      actions: service.actions.length,
      resourceTypes: service.resourceTypes.length,
      conditionKeys: service.conditionKeys.length,
    })),
  };
  files.push({ path: 'model/index.json', content: toJson(index) });
  return files;
}
