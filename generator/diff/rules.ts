/**
 * The change rules: every kind of change the diff engine reports, as data.
 * Each rule has a stable id, the family (and file) that detects it, a
 * severity, the semantic-version impact on consumers of the generated
 * package, and the heading under which the Markdown changelog lists it.
 *
 * The subject of a change names what changed: `prefix` for a service or a
 * page, `prefix:Action` for an action, `prefix/resource-type` for a resource
 * type, and the condition key itself (`chime:Key`, `aws:RequestTag/${TagKey}`)
 * for a condition key.
 */
import type { SourceRef } from '../model/types.js';

/** How much a change matters to someone who uses the generated package. */
export type ChangeSeverity = 'breaking' | 'warning' | 'info';

/** A semantic-version bump, from none to major. */
export type SemverBump = 'none' | 'patch' | 'minor' | 'major';

/** The module of generator/diff/ that detects a rule. */
export type RuleFamily = 'services' | 'pages' | 'actions' | 'resource-types' | 'condition-keys';

export interface Rule {
  /** The modules that detect it. */
  families: readonly RuleFamily[];
  severity: ChangeSeverity;
  semver: SemverBump;
  /** The heading of the rule's list in a Markdown changelog. */
  title: string;
  /** What `before` and `after` hold, for the README. */
  values: string;
}

/**
 * Every rule, in the order the changelog lists them within a service. A
 * removal is major, an addition minor; a changed value that consumers
 * compare or substitute (an ARN pattern is the value of a generated enum
 * member, a condition key type decides the operators a policy may use) is
 * major, other changed values minor, and descriptions patch.
 */
export const RULES = {
  'service-added': { families: ['services'], severity: 'info', semver: 'minor', title: 'Services added', values: '`after`: `{ name, actions }`, the service name and its number of actions' },
  'service-removed': { families: ['services'], severity: 'breaking', semver: 'major', title: 'Services removed', values: '`before`: `{ name, actions }`' },
  'actions-table-unavailable': {
    families: ['pages'],
    severity: 'warning',
    semver: 'patch',
    title: 'Actions unavailable (kept, not removed)',
    values:
      '`before`: `"present"`; `after`: `"placeholder"`, `"absent"`, `"empty"` (a table without one readable action), `"incomplete"` (a table with rows that could not be read) or `"unreadable"` (a page that failed to read); `actions`: the names of the actions kept',
  },
  'action-added': { families: ['actions'], severity: 'info', semver: 'minor', title: 'Actions added', values: '`after`: the action name' },
  'action-removed': { families: ['actions'], severity: 'breaking', semver: 'major', title: 'Actions removed', values: '`before`: the action name' },
  'access-level-changed': { families: ['actions'], severity: 'warning', semver: 'minor', title: 'Access levels changed', values: 'the access level on each side' },
  'action-resource-type-added': { families: ['actions'], severity: 'info', semver: 'minor', title: 'Resource types added to actions', values: '`after`: the resource type name' },
  'action-resource-type-removed': { families: ['actions'], severity: 'breaking', semver: 'major', title: 'Resource types removed from actions', values: '`before`: the resource type name' },
  'resource-type-required-changed': {
    families: ['actions'],
    severity: 'warning',
    semver: 'minor',
    title: 'Required resource types changed',
    values: '`{ resourceType, required }` on each side',
  },
  'action-condition-key-added': { families: ['actions'], severity: 'info', semver: 'minor', title: 'Condition keys added to actions', values: '`after`: the condition key' },
  'action-condition-key-removed': { families: ['actions'], severity: 'breaking', semver: 'major', title: 'Condition keys removed from actions', values: '`before`: the condition key' },
  'dependent-action-added': { families: ['actions'], severity: 'info', semver: 'minor', title: 'Dependent actions added', values: '`after`: the dependent action, `prefix:Action`' },
  'dependent-action-removed': { families: ['actions'], severity: 'breaking', semver: 'major', title: 'Dependent actions removed', values: '`before`: the dependent action' },
  'resource-type-added': { families: ['resource-types'], severity: 'info', semver: 'minor', title: 'Resource types added', values: '`after`: the ARN pattern' },
  'resource-type-removed': { families: ['resource-types'], severity: 'breaking', semver: 'major', title: 'Resource types removed', values: '`before`: the ARN pattern' },
  'arn-pattern-changed': { families: ['resource-types'], severity: 'breaking', semver: 'major', title: 'ARN patterns changed', values: 'the ARN pattern on each side' },
  'resource-type-condition-key-added': {
    families: ['resource-types'],
    severity: 'info',
    semver: 'minor',
    title: 'Condition keys added to resource types',
    values: '`after`: the condition key',
  },
  'resource-type-condition-key-removed': {
    families: ['resource-types'],
    severity: 'breaking',
    semver: 'major',
    title: 'Condition keys removed from resource types',
    values: '`before`: the condition key',
  },
  'condition-key-added': { families: ['condition-keys'], severity: 'info', semver: 'minor', title: 'Condition keys added', values: '`after`: the condition key' },
  'condition-key-removed': { families: ['condition-keys'], severity: 'breaking', semver: 'major', title: 'Condition keys removed', values: '`before`: the condition key' },
  'condition-key-type-changed': { families: ['condition-keys'], severity: 'breaking', semver: 'major', title: 'Condition key types changed', values: 'the type on each side' },
  'description-changed': {
    families: ['actions', 'condition-keys'],
    severity: 'info',
    semver: 'patch',
    title: 'Descriptions changed',
    values: 'the description on each side; the subject is an action or a condition key',
  },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as RuleId[];

/** A JSON value held by a change on either side. */
export type ChangeValue = string | number | boolean | null | { [key: string]: ChangeValue } | ChangeValue[];

/** One change between two models. */
export interface Change {
  id: RuleId;
  severity: ChangeSeverity;
  /** The service prefix the change belongs to. */
  prefix: string;
  /** What changed: `prefix`, `prefix:Action`, `prefix/resource-type` or a condition key. */
  subject: string;
  /** The value before; null for an addition. */
  before: ChangeValue;
  /** The value after; null for a removal. */
  after: ChangeValue;
  /** Where the subject was documented before, when it was. */
  beforeSource?: SourceRef;
  /** Where the subject is documented after, when it is. */
  afterSource?: SourceRef;
  /** For `actions-table-unavailable`: the names of the actions kept as unavailable, sorted. */
  actions?: string[];
}

/** Build a change of rule `id`, with the severity of its rule; sources that are undefined are left out. */
export function change(
  id: RuleId,
  prefix: string,
  subject: string,
  before: ChangeValue,
  after: ChangeValue,
  beforeSource?: SourceRef,
  afterSource?: SourceRef,
): Change {
  const result: Change = { id, severity: RULES[id].severity, prefix, subject, before, after };
  if (beforeSource) result.beforeSource = { file: beforeSource.file, line: beforeSource.line };
  if (afterSource) result.afterSource = { file: afterSource.file, line: afterSource.line };
  return result;
}
