/**
 * Overrides: corrections of known errors of the source pages, kept in a data
 * file apart from the readers (`overrides.json` in the docs folder, or the
 * file given with `--overrides`). Each entry names what it corrects, the
 * value the page documents, the value to use instead and the reason.
 *
 * The model keeps both values. The field contains the effective value and the
 * item's `overridden` list records the documented one with the reason. An
 * entry whose subject is missing, or whose page no longer documents the
 * expected value, no longer applies: it gives an `override-stale` warning and
 * changes nothing, so a fixed upstream page is noticed.
 */
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { type ParseError, parse as parseJson, printParseErrorCode } from 'jsonc-parser';
import type { Diagnostic } from '../diagnostics.js';
import { ACCESS_LEVELS, type Service } from '../model/types.js';

export const OVERRIDES_FILE = 'overrides.json';

export type OverrideField = 'accessLevel' | 'description' | 'arnPattern' | 'type';

export interface Override {
  /** The line of the entry in the overrides file, for diagnostics. */
  line?: number;
  /** `prefix:Action` for an action, `prefix/resource-type` for a resource type, `prefix:key` with `"kind": "condition-key"` for a condition key. */
  subject: string;
  kind: 'action' | 'resource-type' | 'condition-key';
  field: OverrideField;
  documented: string | null;
  value: string | null;
  reason: string;
}

export const overridesSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'iamref overrides',
  description: 'Corrections of known errors of the Service Authorization Reference, each with the documented value, the value to use and the reason.',
  type: 'object',
  additionalProperties: false,
  required: ['overrides'],
  properties: {
    $schema: { type: 'string' },
    overrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['subject', 'kind', 'field', 'documented', 'value', 'reason'],
        properties: {
          subject: { type: 'string', minLength: 3 },
          kind: { enum: ['action', 'resource-type', 'condition-key'] },
          field: { enum: ['accessLevel', 'description', 'arnPattern', 'type'] },
          documented: { type: ['string', 'null'] },
          value: { type: ['string', 'null'] },
          reason: { type: 'string', minLength: 10 },
        },
        allOf: [
          { if: { properties: { kind: { const: 'action' } } }, then: { properties: { field: { enum: ['accessLevel', 'description'] } } } },
          { if: { properties: { kind: { const: 'resource-type' } } }, then: { properties: { field: { const: 'arnPattern' } } } },
          { if: { properties: { kind: { const: 'condition-key' } } }, then: { properties: { field: { enum: ['type', 'description'] } } } },
          {
            if: { properties: { field: { const: 'accessLevel' } } },
            then: { properties: { value: { enum: [...ACCESS_LEVELS] } } },
          },
        ],
      },
    },
  },
} as const;

let compiled: ValidateFunction | undefined;

/** Return the schema's validator, compiled on first use: most runs have no overrides file. */
function validator(): ValidateFunction {
  compiled ??= new Ajv2020({ allErrors: true, strict: false }).compile(overridesSchema);
  return compiled;
}

/**
 * Read an overrides file. A missing file gives no overrides, and an error
 * only when the user named it. A file that is not valid JSON or does not
 * match the schema gives error diagnostics and no overrides.
 */
export async function readOverrides(path: string, name: string, required = false): Promise<{ overrides: Override[]; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!required) return { overrides: [], diagnostics: [] };
    return { overrides: [], diagnostics: [diagnostic(name, 'error', 'invalid-overrides', 'The overrides file does not exist. Check the path given with --overrides.')] };
  }

  // jsonc-parser reports where the syntax breaks, which JSON.parse does not.
  const errors: ParseError[] = [];
  const data: unknown = parseJson(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0) {
    return {
      overrides: [],
      diagnostics: errors.map((error) => {
        const before = text.slice(0, error.offset).split('\n');
        const problem = printParseErrorCode(error.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
        return diagnostic(name, 'error', 'invalid-overrides', `The overrides file is not valid JSON: ${problem}.`, before.length, (before.at(-1)?.length ?? 0) + 1);
      }),
    };
  }

  const validate = validator();
  if (!validate(data)) {
    const diagnostics = (validate.errors ?? []).map((error) =>
      diagnostic(name, 'error', 'invalid-overrides', `The overrides file does not match its schema at ${error.instancePath || '/'}: ${error.message ?? 'invalid'}.`, lineOfPointer(text, error.instancePath), 1),
    );
    return { overrides: [], diagnostics };
  }
  const overrides = (data as { overrides: Override[] }).overrides.map((override, index) => ({ ...override, line: lineOfPointer(text, `/overrides/${index}`) }));
  return { overrides, diagnostics: [] };
}

/** Return the line where the item of a JSON pointer such as `/overrides/2/field` starts, found by counting the entries. */
function lineOfPointer(text: string, pointer: string): number {
  const index = Number(/^\/overrides\/(\d+)/.exec(pointer)?.[1]);
  if (Number.isNaN(index)) return 1;
  let line = 1;
  let seen = -1;
  let depth = 0;
  for (let offset = 0; offset < text.length; offset++) {
    const character = text[offset];
    if (character === '\n') line++;
    else if (character === '{') {
      depth++;
      if (depth === 2 && ++seen === index) return line;
    } else if (character === '}') depth--;
  }
  return 1;
}

function diagnostic(file: string, severity: Diagnostic['severity'], ruleId: string, message: string, line = 1, column = 1): Diagnostic {
  return { file, line, column, severity, ruleId, message };
}

/** Apply the overrides to the services in place, and report each one that no longer applies. */
export function applyOverrides(services: Service[], overrides: Override[], name: string): Diagnostic[] {
  const byPrefix = new Map(services.map((service) => [service.prefix, service]));
  const diagnostics: Diagnostic[] = [];

  overrides.forEach((override, index) => {
    const stale = (why: string): void => {
      diagnostics.push(diagnostic(name, 'warning', 'override-stale', `Override ${index + 1} (${override.kind} ${override.subject}, ${override.field}) no longer applies: ${why}. Remove it or update it.`, override.line ?? 1));
    };

    const target = findTarget(byPrefix, override);
    if (!target) return stale(`no ${override.kind} ${override.subject} was read`);
    if (target.overridden?.some((earlier) => earlier.field === override.field)) return stale(`an earlier entry already overrides this field`);

    const current = (target as unknown as Record<string, string | null>)[override.field] ?? null;
    if (current !== override.documented) return stale(`the page now documents ${JSON.stringify(current)}, not ${JSON.stringify(override.documented)}`);

    (target as unknown as Record<string, string | null>)[override.field] = override.value;
    target.overridden = [...(target.overridden ?? []), { field: override.field, documented: override.documented, reason: override.reason }];
  });
  return diagnostics;
}

type Overridable = { overridden?: Array<{ field: string; documented: string | null; reason: string }> };

function findTarget(byPrefix: Map<string, Service>, override: Override): Overridable | undefined {
  const separator = override.kind === 'resource-type' ? override.subject.indexOf('/') : override.subject.indexOf(':');
  const prefix = override.subject.slice(0, separator);
  const name = override.subject.slice(separator + 1);
  const service = byPrefix.get(prefix);
  if (!service || separator < 1) return undefined;

  if (override.kind === 'action') return service.actions.find((action) => action.name === name);
  if (override.kind === 'resource-type') return service.resourceTypes.find((resourceType) => resourceType.name === name);
  return service.conditionKeys.find((key) => key.name === override.subject);
}
