/** Validate services against the model's own JSON Schema with ajv. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Service } from '../model/types.js';
import { serviceSchema } from './model-schema.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateService = ajv.compile(serviceSchema);

/**
 * Return one message per schema violation, each naming the service prefix
 * and the JSON pointer of the invalid value; an empty array when all are valid.
 */
export function validateModel(services: Service[]): string[] {
  const problems: string[] = [];
  for (const service of services) {
    if (validateService(service as unknown)) continue;
    for (const error of validateService.errors ?? []) {
      const prefix = typeof service?.prefix === 'string' ? service.prefix : '(a service without a prefix)';
      problems.push(`${prefix}${error.instancePath}: ${error.message ?? 'is invalid'}`);
    }
  }
  return problems;
}
