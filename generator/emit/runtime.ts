/**
 * The source of `src/_common.ts` in the generated package: the types that
 * every service module shares and the small helpers that turn the compact
 * rows of a service module into read-only objects, plus the wildcard matcher
 * that the index module uses. It is plain TypeScript text, so that it reads
 * in the generated package like hand-written code.
 */
import { ACCESS_LEVELS } from '../model/types.js';

/**
 * The condition key types of the Service Authorization Reference. The union
 * in the generated package also holds any other type that the model contains.
 */
export const STANDARD_CONDITION_KEY_TYPES = ['ARN', 'ArrayOfARN', 'ArrayOfBool', 'ArrayOfString', 'Bool', 'Date', 'IPAddress', 'Numeric', 'String'] as const;

/** Build the text of `src/_common.ts`; `conditionKeyTypes` are every condition key type in the model. */
export function commonModuleSource(conditionKeyTypes: Iterable<string>, notice: string): string {
  const types = [...new Set([...STANDARD_CONDITION_KEY_TYPES, ...conditionKeyTypes])].sort();

  return `/**
 * ${notice}
 *
 * Types and helpers shared by the service modules.
 */

/** The access level of an action, as the Service Authorization Reference gives it. */
export type AccessLevel = ${ACCESS_LEVELS.map((level) => JSON.stringify(level)).join(' | ')};

/** The type of a condition key, as the Service Authorization Reference gives it. */
export type ConditionKeyType = ${types.map((type) => JSON.stringify(type)).join(' | ')};

/** A resource type that an action applies to. */
export interface ResourceTypeReference {
  /** The resource type's name, such as \`bucket\`. */
  readonly name: string;
  /** Whether a policy statement that grants the action must cover this resource type. */
  readonly required: boolean;
}

/**
 * What the Service Authorization Reference says about one action. \`null\`
 * means that the page the action was read from does not say.
 */
export interface ActionMetadata<A extends string = string> {
  /** The action as a policy writes it, \`prefix:Name\`. */
  readonly action: A;
  readonly accessLevel: AccessLevel | null;
  readonly resourceTypes: readonly ResourceTypeReference[] | null;
  readonly conditionKeys: readonly string[] | null;
  /** Actions that a caller must also be allowed, \`prefix:Name\`. */
  readonly dependentActions: readonly string[] | null;
  /** The API reference page of the operation, when the page links one. */
  readonly documentationUrl: string | null;
  /** Whether the action only controls a permission and no API operation of that name exists. */
  readonly permissionOnly: boolean;
}

/** A resource type of a service. */
export interface ResourceTypeMetadata {
  readonly name: string;
  /** The ARN pattern, with placeholders such as \`\${Partition}\` and \`\${Region}\`. */
  readonly arnPattern: string;
  readonly conditionKeys: readonly string[];
}

/** A condition key of a service. */
export interface ConditionKeyMetadata<K extends string = string> {
  readonly name: K;
  readonly type: ConditionKeyType | null;
  readonly description: string | null;
}

/** One action in the compact form of a service module; see \`actionTable\`. */
export type ActionRow<A extends string> = readonly [
  action: A,
  accessLevel: AccessLevel | null,
  resourceTypes: readonly (readonly [name: string, required: 0 | 1])[] | null,
  conditionKeys: readonly string[] | null,
  dependentActions: readonly string[] | null,
  documentationUrl: string | null,
  permissionOnly: 0 | 1,
];

/** Build the frozen metadata record of a service's actions, keyed by action, from its rows. */
export function actionTable<A extends string>(rows: readonly ActionRow<A>[]): Readonly<Record<A, ActionMetadata<A>>> {
  return freezeRecord(
    rows.map(([action, accessLevel, resourceTypes, conditionKeys, dependentActions, documentationUrl, permissionOnly]) => [
      action,
      Object.freeze({
        action,
        accessLevel,
        resourceTypes: resourceTypes === null ? null : Object.freeze(resourceTypes.map(([name, required]) => Object.freeze({ name, required: required === 1 }))),
        conditionKeys: freezeList(conditionKeys),
        dependentActions: freezeList(dependentActions),
        documentationUrl,
        permissionOnly: permissionOnly === 1,
      }),
    ]),
  );
}

/** Build the frozen record of a service's resource types, keyed by name, from \`[name, arnPattern, conditionKeys]\` rows. */
export function resourceTypeTable(rows: readonly (readonly [name: string, arnPattern: string, conditionKeys: readonly string[]])[]): Readonly<Record<string, ResourceTypeMetadata>> {
  return freezeRecord(rows.map(([name, arnPattern, conditionKeys]) => [name, Object.freeze({ name, arnPattern, conditionKeys: Object.freeze([...conditionKeys]) })]));
}

/** Build the frozen record of a service's condition keys, keyed by name, from \`[name, type, description]\` rows. */
export function conditionKeyTable<K extends string>(rows: readonly (readonly [name: K, type: ConditionKeyType | null, description: string | null])[]): Readonly<Record<K, ConditionKeyMetadata<K>>> {
  return freezeRecord(rows.map(([name, type, description]) => [name, Object.freeze({ name, type, description })]));
}

/**
 * Return the actions of \`tables\` that an IAM wildcard pattern matches. \`*\`
 * matches any run of characters and \`?\` any one character, and case does
 * not matter, as in IAM.
 */
export function matchActions<A extends string>(pattern: string, tables: readonly Readonly<Record<string, ActionMetadata<A>>>[]): A[] {
  const source = [...pattern].map((character) => (character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\\\^$.+()[\\]{}|/-]/g, '\\\\$&'))).join('');
  const expression = new RegExp(\`^\${source}$\`, 'is');
  const matches: A[] = [];

  for (const table of tables) {
    for (const action of Object.keys(table) as A[]) {
      if (expression.test(action)) matches.push(action);
    }
  }
  return matches;
}

/** Object.fromEntries defines own properties, so a key such as \`__proto__\` stays an ordinary key. */
function freezeRecord<K extends string, V>(entries: readonly (readonly [K, V])[]): Readonly<Record<K, V>> {
  return Object.freeze(Object.fromEntries(entries) as Record<K, V>);
}

function freezeList(list: readonly string[] | null): readonly string[] | null {
  return list === null ? null : Object.freeze([...list]);
}
`;
}
