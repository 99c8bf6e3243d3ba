/**
 * Naming rules for the generated TypeScript: how a service prefix, an action,
 * a resource type or a condition key becomes an identifier, and how a service
 * prefix becomes a module file name.
 *
 * 1. PascalCase: the text is split on every character outside `[A-Za-z0-9]`
 *    (dashes, dots, slashes, colons, `$`, braces, underscores, spaces, any
 *    non-ASCII character). Each part gets an upper-case first letter and keeps
 *    the rest of its letters as they are: `aws-marketplace` → `AwsMarketplace`,
 *    `aws:RequestTag/${TagKey}` → `AwsRequestTagTagKey`, `ec2` → `Ec2`.
 * 2. A result that starts with a digit gets a leading underscore: `2fa` → `_2fa`.
 *    A result that is empty (the text had no letter or digit) becomes `_`.
 * 3. A result that is a reserved word gets a leading underscore. PascalCase
 *    output never is one, but the check keeps the rule true for any input.
 * 4. An action's enum member keeps the action's name exactly when that name
 *    is a valid identifier other than a reserved word or `__proto__`:
 *    `CreateMeeting` stays `CreateMeeting`. Other names go through rules 1 to 3
 *    (`delete` → `Delete`, `Get-Thing` → `GetThing`). Resource type and
 *    condition key members always go through rules 1 to 3.
 * 5. Collisions: names kept exactly are claimed first. Converted names are
 *    then taken in sorted order of their original text (UTF-16 code unit
 *    order), and a converted name that is already taken gets the suffix
 *    `_2`, then `_3`, and so on, skipping suffixes that are taken. Converted
 *    names contain no underscore after their first character, so a suffix
 *    never produces a name that another text converts to.
 * 6. Each service gets one base identifier (rules 1 to 3 and 5 over all
 *    prefixes). Its exports are the base followed by a fixed suffix:
 *    `<Base>Action`, `<Base>ResourceType`, `<Base>ConditionKey`,
 *    `<Base><Level>Action` for each access level (`List`, `Read`, `Write`,
 *    `PermissionsManagement`, `Tagging`), and, with the base's first letter
 *    in lower case, `<base>ActionMetadata`, `<base><Level>Actions`,
 *    `<base>ResourceTypes`, `<base>ConditionKeys` and `<base>Arn`. A base
 *    that equals another base followed by a level word (`ChimeWrite` beside
 *    `Chime`) gets the next free suffix `_2`, `_3`, … so that
 *    `ChimeWriteAction` stays the Write actions of `chime`. With that, and
 *    with bases unique, no two services export the same name, and no
 *    service export equals a name of the index module.
 * 7. Module file names: the prefix in lower case, with every character outside
 *    `[a-z0-9-]` replaced by `-`; an empty result becomes `_`. `index` and
 *    `_common` (the module of shared types and helpers) are reserved.
 *    Collisions, compared without case so that case-insensitive file systems
 *    are safe, get the suffix `_2`, `_3`, … in sorted order of the prefixes.
 * 8. A placeholder of an ARN pattern (`${BucketName}`) becomes a property
 *    name by rules 1 to 3 and 5 with its first letter in lower case:
 *    `bucketName`, `partition`, `_2faId`.
 */

/** Words that cannot name a variable or an enum in strict-mode ES modules. */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'arguments',
  'await',
  'break',
  'case',
  'catch',
  'class',
  'const',
  'continue',
  'debugger',
  'default',
  'delete',
  'do',
  'else',
  'enum',
  'eval',
  'export',
  'extends',
  'false',
  'finally',
  'for',
  'function',
  'if',
  'implements',
  'import',
  'in',
  'instanceof',
  'interface',
  'let',
  'new',
  'null',
  'package',
  'private',
  'protected',
  'public',
  'return',
  'static',
  'super',
  'switch',
  'this',
  'throw',
  'true',
  'try',
  'typeof',
  'var',
  'void',
  'while',
  'with',
  'yield',
]);

/**
 * Member names that compile but do not read back: TypeScript emits
 * `E["__proto__"] = "value"`, which sets the prototype instead of a property.
 */
const UNSAFE_MEMBER_NAMES: ReadonlySet<string> = new Set(['__proto__']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Report whether `text` is an ASCII identifier that may name a variable in strict mode. */
export function isSafeIdentifier(text: string): boolean {
  return IDENTIFIER.test(text) && !RESERVED_WORDS.has(text);
}

/** Convert any text to a PascalCase identifier (rules 1 to 3 of this module). */
export function toPascalIdentifier(text: string): string {
  const parts = text.split(/[^A-Za-z0-9]+/).filter((part) => part.length > 0);
  const pascal = parts.map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');

  if (pascal === '') return '_';
  if (/^[0-9]/.test(pascal)) return `_${pascal}`;
  if (RESERVED_WORDS.has(pascal)) return `_${pascal}`;
  return pascal;
}

/** Convert an action name to an enum member name (rule 4), before collisions are resolved. */
export function toActionMemberName(action: string): string {
  if (isSafeIdentifier(action) && !UNSAFE_MEMBER_NAMES.has(action)) return action;
  return toPascalIdentifier(action);
}

/**
 * Assign unique identifiers to `names` (rule 5). `keepExact` selects the names
 * kept as they are; the others go through `toPascalIdentifier`.
 *
 * @returns one identifier per name, in the order of `names`
 */
export function assignIdentifiers(names: readonly string[], keepExact: (name: string) => boolean): string[] {
  const result: string[] = new Array<string>(names.length);
  const taken = new Set<string>();
  const converted: number[] = [];

  names.forEach((name, index) => {
    if (keepExact(name) && !taken.has(name)) {
      result[index] = name;
      taken.add(name);
    } else {
      converted.push(index);
    }
  });

  converted.sort((a, b) => compareText(names[a]!, names[b]!) || a - b);
  for (const index of converted) {
    const name = names[index]!;
    const base = keepExact(name) ? name : toPascalIdentifier(name);
    result[index] = claim(base, taken, (text) => text);
  }

  return result;
}

/** Assign enum member names to actions (rules 4 and 5). */
export function actionMemberNames(actions: readonly string[]): string[] {
  return assignIdentifiers(actions, (name) => toActionMemberName(name) === name);
}

/** Assign enum member names to resource types or condition keys (rules 1 to 3 and 5). */
export function convertedMemberNames(names: readonly string[]): string[] {
  return assignIdentifiers(names, () => false);
}

/** The access levels as they appear in identifiers (rule 6). */
export const ACCESS_LEVEL_WORDS = ['List', 'Read', 'Write', 'PermissionsManagement', 'Tagging'] as const;

/** The module names that no service may take (rule 7). */
export const RESERVED_MODULE_NAMES: readonly string[] = ['index', '_common'];

/** The identifiers of one service's generated module. */
export interface ServiceIdentifiers {
  prefix: string;
  /** The module file name without extension, such as `aws-marketplace`. */
  moduleName: string;
  /** The base identifier of rule 6, such as `AwsMarketplace`. */
  base: string;
  actionEnum: string;
  resourceTypeEnum: string;
  conditionKeyEnum: string;
}

/**
 * Assign base identifiers (rule 6) and module file names (rule 7) to every
 * service prefix. The result is keyed by prefix and does not depend on the
 * order of `prefixes`.
 */
export function serviceIdentifiers(prefixes: readonly string[]): Map<string, ServiceIdentifiers> {
  const sorted = [...new Set(prefixes)].sort(compareText);
  const bases = separateLevelBases(convertedMemberNames(sorted));
  const moduleNames = assignModuleNames(sorted);

  const identifiers = new Map<string, ServiceIdentifiers>();
  sorted.forEach((prefix, index) => {
    const base = bases[index]!;
    identifiers.set(prefix, {
      prefix,
      moduleName: moduleNames[index]!,
      base,
      actionEnum: `${base}Action`,
      resourceTypeEnum: `${base}ResourceType`,
      conditionKeyEnum: `${base}ConditionKey`,
    });
  });
  return identifiers;
}

/**
 * Rename every base that equals another base followed by an access level
 * word (rule 6). A renamed base ends in `_N`, and no base followed by a level
 * word ends that way, so one pass is enough.
 */
function separateLevelBases(bases: readonly string[]): string[] {
  const taken = new Set(bases);
  const clashes = (base: string): boolean => ACCESS_LEVEL_WORDS.some((word) => base.endsWith(word) && base !== word && taken.has(base.slice(0, -word.length)));
  const clashing = new Set(bases.filter(clashes));

  return bases.map((base) => (clashing.has(base) ? claim(base, taken, (text) => text) : base));
}

/** Lower the first letter of an identifier: `ChimeWrite` → `chimeWrite`, `_2fa` stays `_2fa`. */
export function lowerFirst(identifier: string): string {
  return identifier.charAt(0).toLowerCase() + identifier.slice(1);
}

/**
 * Assign property names to the placeholders of an ARN pattern (rule 8), in
 * the order of `placeholders`, which holds each placeholder once.
 */
export function placeholderPropertyNames(placeholders: readonly string[]): string[] {
  return convertedMemberNames(placeholders).map(lowerFirst);
}

/** Convert sorted prefixes to unique module file names (rule 7). */
function assignModuleNames(sortedPrefixes: readonly string[]): string[] {
  const taken = new Set<string>(RESERVED_MODULE_NAMES);

  return sortedPrefixes.map((prefix) => {
    const base = prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-') || '_';
    return claim(base, taken, (text) => text.toLowerCase());
  });
}

/**
 * Take `base`, or the first of `base_2`, `base_3`, … whose key is not in
 * `taken`, and add that key to `taken`.
 */
function claim(base: string, taken: Set<string>, key: (text: string) => string): string {
  let candidate = base;
  for (let suffix = 2; taken.has(key(candidate)); suffix += 1) {
    candidate = `${base}_${suffix}`;
  }
  taken.add(key(candidate));
  return candidate;
}

/** Compare by UTF-16 code units, the order of `Array.prototype.sort` without a comparator. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
