/**
 * The source of `src/index.ts` in the generated package: it re-exports every
 * service module and the shared types, and adds what needs every service at
 * once: the union of all action strings, a lookup by action and the
 * expansion of wildcard patterns.
 *
 * Module names and identifiers come from `identifiers.ts` and contain only
 * `[A-Za-z0-9_$-]`, so they are written into the text as they are.
 */
import { serviceExportNames } from './service-exports.js';
import type { ServiceIdentifiers } from './identifiers.js';

/** Build the text of `src/index.ts` for `services`, sorted by prefix; `withActions` holds the prefixes of the services that have actions. */
export function indexSource(services: readonly ServiceIdentifiers[], notice: string, withActions: ReadonlySet<string>): string {
  const imports = services.map((names) => {
    const actionType = withActions.has(names.prefix) ? `, type ${names.actionEnum}` : '';
    return `import { ${serviceExportNames(names).actionMetadata}${actionType} } from "./${names.moduleName}.js";`;
  });
  const reexports = services.map((names) => `export * from "./${names.moduleName}.js";`);
  // An enum without members is no subtype of `string`, so services without actions add nothing to the union.
  const actionTypes = services.filter((names) => withActions.has(names.prefix)).map((names) => `\`\${${names.actionEnum}}\``);
  const actionUnion = actionTypes.length === 0 ? 'never' : actionTypes.join(' | ');
  const tables = services.map((names) => serviceExportNames(names).actionMetadata).join(', ');

  return `/**
 * ${notice}
 *
 * Every service of the package, plus lookups across services.
 */
import { matchActions, type ActionMetadata } from "./_common.js";
${imports.join('\n')}

export type * from "./_common.js";
${reexports.join('\n')}

/** Any action of any service of this package, as a policy writes it: \`"chime:CreateMeeting"\`. */
export type ActionString = ${actionUnion};

const tables: readonly Readonly<Record<string, ActionMetadata<ActionString>>>[] = [${tables}];

let byLowerCaseAction: Map<string, ActionMetadata<ActionString>> | undefined;

/**
 * Find an action of any service without regard to case, as IAM compares
 * actions: \`lookupAction("CHIME:createmeeting")\` finds \`chime:CreateMeeting\`.
 * Where two actions differ only in case, the first in package order wins.
 */
export function lookupAction(action: string): ActionMetadata<ActionString> | undefined {
  if (byLowerCaseAction === undefined) {
    byLowerCaseAction = new Map();
    for (const table of tables) {
      for (const metadata of Object.values(table)) {
        // Widened to string: with no actions in the package, ActionString is never.
        const key = (metadata.action as string).toLowerCase();
        if (!byLowerCaseAction.has(key)) byLowerCaseAction.set(key, metadata);
      }
    }
  }
  return byLowerCaseAction.get(action.toLowerCase());
}

/**
 * Expand an IAM action pattern to the actions it matches, in package order.
 * \`*\` matches any run of characters and \`?\` one character, in the service
 * prefix too, and case does not matter: \`expandActionPattern("chime:List*")\`,
 * \`expandActionPattern("*:Get*")\`, \`expandActionPattern("s3:*Object?")\`.
 */
export function expandActionPattern(pattern: string): ActionString[] {
  return matchActions(pattern, tables);
}
`;
}
