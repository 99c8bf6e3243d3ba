/**
 * The JSON Schema emitter: `schema/model.schema.json`, the schema of a
 * service model file, and `schema/actions.schema.json`, a schema that accepts
 * exactly the known action strings (`chime:CreateMeeting`).
 */
import type { Service } from '../model/types.js';
import { serviceSchema } from '../validate/model-schema.js';
import { compareText } from './identifiers.js';
import type { EmitContext, OutputFile } from './types.js';

const ACTIONS_SCHEMA_ID = 'https://iamref.dev/schema/actions.schema.json';

/** Emit the model schema and the actions schema, sorted by path. */
export async function emitSchemas(context: EmitContext): Promise<OutputFile[]> {
  return [
    { path: 'schema/actions.schema.json', content: formatJson(actionsSchema(context.services)) },
    { path: 'schema/model.schema.json', content: formatJson(serviceSchema) },
  ];
}

/**
 * Build a draft 2020-12 schema whose `enum` lists every action of `services`
 * as `prefix:Action`, without duplicates, sorted by UTF-16 code units.
 *
 * NOTE: IAM compares action names without regard to case, but `enum` is
 * case-sensitive, so `chime:createmeeting` is rejected although a policy may use it.
 */
export function actionsSchema(services: readonly Service[]): object {
  const actions = new Set<string>();
  for (const service of services) {
    for (const action of service.actions) {
      actions.add(`${service.prefix}:${action.name}`);
    }
  }

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: ACTIONS_SCHEMA_ID,
    title: 'IAM action',
    description: 'An action of the AWS Service Authorization Reference, as written in the Action element of an IAM policy: the service prefix, a colon and the action name.',
    type: 'string',
    enum: [...actions].sort(compareText),
  };
}

/** Write `value` as JSON with 2-space indentation and a final newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
