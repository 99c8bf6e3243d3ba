/**
 * The policy schema emitter: `schema/iam-policy.schema.json`, a JSON Schema
 * (draft 2020-12) of IAM policy documents whose `Action` and `NotAction`
 * values must be known actions or wildcard patterns of known service prefixes.
 *
 * IAM compares actions without regard to case, and AWS's own policies write
 * `access-analyzer:getAnalyzer`, but a JSON Schema `pattern` is an ECMA-262
 * regular expression without flags. So each letter becomes a class of both
 * cases (`[gG]`), and the action names of a service are merged into a trie
 * first (`[gG][eE][tT](?:[aA]...|[bB]...)`), which shares the common leading
 * words (`Get`, `List`, `Describe`) and keeps the pattern small.
 */
import type { Service } from '../model/types.js';
import { compareText } from './identifiers.js';
import { formatJson } from './schemas.js';
import type { EmitContext, OutputFile } from './types.js';

const POLICY_SCHEMA_ID = 'https://iamref.dev/schema/iam-policy.schema.json';

/** The path of the policy schema in the output folder. */
export const POLICY_SCHEMA_FILE = 'schema/iam-policy.schema.json';

/** Emit `schema/iam-policy.schema.json`. */
export async function emitPolicySchema(context: EmitContext): Promise<OutputFile[]> {
  return [{ path: POLICY_SCHEMA_FILE, content: formatJson(policySchema(context.services)) }];
}

/** Build the policy schema for the actions of `services`. */
export function policySchema(services: readonly Service[]): object {
  const stringOrStrings = {
    anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, minItems: 1 }],
  };
  const principal = {
    anyOf: [
      { const: '*' },
      {
        type: 'object',
        properties: { AWS: stringOrStrings, Service: stringOrStrings, Federated: stringOrStrings, CanonicalUser: stringOrStrings },
        additionalProperties: false,
        minProperties: 1,
      },
    ],
  };
  const conditionValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] };

  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: POLICY_SCHEMA_ID,
    title: 'IAM policy document',
    description: 'An IAM policy document whose actions are checked against the AWS Service Authorization Reference. Action names and service prefixes match without regard to case, as in IAM.',
    type: 'object',
    properties: {
      Version: { enum: ['2012-10-17', '2008-10-17'] },
      Id: { type: 'string' },
      Statement: {
        anyOf: [{ $ref: '#/$defs/statement' }, { type: 'array', items: { $ref: '#/$defs/statement' } }],
      },
    },
    required: ['Statement'],
    additionalProperties: false,
    $defs: {
      statement: {
        type: 'object',
        properties: {
          Sid: { type: 'string' },
          Effect: { enum: ['Allow', 'Deny'] },
          Principal: principal,
          NotPrincipal: principal,
          Action: { $ref: '#/$defs/actions' },
          NotAction: { $ref: '#/$defs/actions' },
          Resource: stringOrStrings,
          NotResource: stringOrStrings,
          Condition: {
            type: 'object',
            additionalProperties: {
              type: 'object',
              additionalProperties: { anyOf: [conditionValue, { type: 'array', items: conditionValue }] },
            },
          },
        },
        required: ['Effect'],
        additionalProperties: false,
        // Ajv's strict mode rejects a `required` whose schema does not define the property, hence the
        // `properties` beside it, and the `dependentSchemas` that exclude each element's Not counterpart.
        anyOf: [
          { properties: { Action: true }, required: ['Action'] },
          { properties: { NotAction: true }, required: ['NotAction'] },
        ],
        dependentSchemas: {
          Action: { properties: { NotAction: false } },
          Principal: { properties: { NotPrincipal: false } },
          Resource: { properties: { NotResource: false } },
        },
      },
      actions: {
        anyOf: [{ $ref: '#/$defs/action' }, { type: 'array', items: { $ref: '#/$defs/action' }, minItems: 1 }],
      },
      action: {
        description: 'A known action (`chime:CreateMeeting`), a wildcard pattern of a known service prefix (`chime:List*`, `chime:*`), a pattern for every service (`*:Get*`) or `*`.',
        type: 'string',
        anyOf: [{ pattern: wildcardPattern(services) }, knownActionSchema(services)],
      },
    },
  };
}

/**
 * A schema that matches every action of `services`, in any case: a known
 * prefix, then, chosen by `if` on the prefix, the action names of that
 * prefix. Regular expression engines compile a pattern when it first runs,
 * so a validator compiles the action names of the prefixes it meets and not
 * those of all 400 services, which as one pattern took about 1 s to compile.
 */
export function knownActionSchema(services: readonly Service[]): object {
  const byPrefix = [...actionsByPrefix(services).entries()];
  const prefixes = byPrefix.map(([prefix]) => caseless(prefix));
  const byName = byPrefix.map(([prefix, names]) => ({
    if: { pattern: `^${caseless(prefix)}:` },
    then: { pattern: `^${caseless(prefix)}:${trieSource(names)}$` },
  }));

  return {
    pattern: prefixes.length === 0 ? '^(?!)' : `^(?:${prefixes.join('|')}):`,
    allOf: byName,
  };
}

/**
 * A pattern that matches `*` and any wildcard pattern of a known prefix or
 * of `*`: the part after the colon holds at least one `*` or `?`.
 */
export function wildcardPattern(services: readonly Service[]): string {
  const prefixes = [...actionsByPrefix(services).keys()].map(caseless);
  const prefixPart = ['\\*', ...prefixes].join('|');

  return `^(?:\\*|(?:${prefixPart}):${NAME_CHARACTER}*[*?]${NAME_CHARACTER}*)$`;
}

/** A character of an action name or pattern: action names hold letters, digits and `-`. */
const NAME_CHARACTER = '[A-Za-z0-9_*?-]';

/** Group action names by prefix, in lower case and without duplicates, both sorted. */
function actionsByPrefix(services: readonly Service[]): Map<string, string[]> {
  const byPrefix = new Map<string, Set<string>>();
  for (const service of services) {
    const prefix = service.prefix.toLowerCase();
    const names = byPrefix.get(prefix) ?? new Set<string>();
    for (const action of service.actions) names.add(action.name.toLowerCase());
    byPrefix.set(prefix, names);
  }

  const sorted = [...byPrefix.entries()].sort(([a], [b]) => compareText(a, b));
  return new Map(sorted.map(([prefix, names]) => [prefix, [...names].sort(compareText)]));
}

interface TrieNode {
  end: boolean;
  children: Map<string, TrieNode>;
}

/** Build a pattern, in any case, that matches exactly the lower-case `words`. */
export function trieSource(words: readonly string[]): string {
  const root: TrieNode = { end: false, children: new Map() };
  for (const word of words) {
    let node = root;
    for (const character of word) {
      let child = node.children.get(character);
      if (child === undefined) {
        child = { end: false, children: new Map() };
        node.children.set(character, child);
      }
      node = child;
    }
    node.end = true;
  }
  return nodeSource(root);
}

function nodeSource(node: TrieNode): string {
  const branches = [...node.children.entries()].sort(([a], [b]) => compareText(a, b)).map(([character, child]) => caseless(character) + nodeSource(child));

  if (branches.length === 0) return '';
  if (branches.length === 1 && !node.end) return branches[0]!;
  return `(?:${branches.join('|')})${node.end ? '?' : ''}`;
}

/** Write `text` as a pattern that matches it with ASCII letters in any case, escaping the characters that a pattern reserves. */
function caseless(text: string): string {
  return [...text]
    .map((character) => {
      if (/^[A-Za-z]$/.test(character)) return `[${character.toLowerCase()}${character.toUpperCase()}]`;
      return /[\\^$.*+?()[\]{}|/]/.test(character) ? `\\${character}` : character;
    })
    .join('');
}
