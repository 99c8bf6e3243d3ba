/**
 * Merge the pages of a run into services keyed by service prefix.
 *
 * Merge rule, when several pages share a prefix (seven `aws-marketplace`
 * pages, two `elasticloadbalancing` pages):
 * - pages are taken in the order of their file path;
 * - an action, resource type or condition key that appears on several pages
 *   appears once, with every page in its `sources`;
 * - for a single value (description, access level, documentation URL, ARN
 *   pattern, condition key type) the first page that states it wins, and a
 *   different value on a later page gives a `conflicting-definition`
 *   diagnostic at the later page: a warning for an access level, ARN pattern
 *   or condition key type, an info for a description or documentation link;
 * - lists (resource types of an action, condition keys, dependent actions)
 *   are united; a resource type is required if any page marks it required,
 *   and an action is permission-only if any page marks it so;
 * - the service name is the one of the first page.
 */
import type { Diagnostic } from '../diagnostics.js';
import { compareStrings, sortedUnique } from '../extract/fields.js';
import type { PageContent } from '../extract/types.js';
import type { Action, ActionResourceType, ConditionKey, Operation, PageRecord, ResourceType, Service, SourceRef } from '../model/types.js';

export interface ReadPage {
  page: PageRecord;
  content: PageContent;
}

/** Valid service prefixes: also what keeps a prefix from naming a path outside the output folder. */
const PREFIX = /^[a-z0-9][a-z0-9._-]*$/;

/** Prefixes whose files would collide with the index files (`model/index.json`, `docs/index.md`). */
const RESERVED_PREFIXES = new Set(['index']);

/**
 * Build the services of the model from the pages that were read. Returns the
 * services sorted by prefix, and the diagnostics of the merge.
 */
export function mergePages(pages: ReadPage[]): { services: Service[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byPrefix = new Map<string, ReadPage[]>();

  for (const read of [...pages].sort((a, b) => compareStrings(a.page.file, b.page.file))) {
    const prefix = read.content.prefix;
    if (prefix === null) continue;
    if (!PREFIX.test(prefix) || RESERVED_PREFIXES.has(prefix)) {
      diagnostics.push({
        file: read.page.file,
        line: 1,
        column: 1,
        severity: 'error',
        ruleId: 'invalid-service-prefix',
        message: RESERVED_PREFIXES.has(prefix)
          ? `The service prefix "${prefix}" is reserved for the index files of the output, so the page was skipped.`
          : `The service prefix "${prefix}" is not valid, so the page was skipped.`,
        expected: ['lower-case letters, digits, ".", "_" or "-"'],
        actual: prefix,
      });
      continue;
    }
    const group = byPrefix.get(prefix) ?? [];
    group.push(read);
    byPrefix.set(prefix, group);
  }

  const services = [...byPrefix.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([prefix, group]) => mergeService(prefix, group, diagnostics));
  return { services, diagnostics };
}

function mergeService(prefix: string, group: ReadPage[], diagnostics: Diagnostic[]): Service {
  const conflict: Conflict = (source, what, first, later) => {
    // Pages that share a prefix often word a description or link another API
    // reference for the same action, hundreds of times in the 2026 HTML
    // snapshot. Those differences are info, so that the warnings show only
    // the disagreements that change the meaning of a policy.
    const prose = /^The (?:description|documentation link) of /.test(what);
    diagnostics.push({
      file: source?.file ?? group[0]!.page.file,
      line: source?.line ?? 1,
      column: 1,
      severity: prose ? 'info' : 'warning',
      ruleId: 'conflicting-definition',
      message: `${what} differs from an earlier definition for service prefix "${prefix}"; the earlier value is kept.`,
      expected: [String(first)],
      actual: String(later),
    });
  };

  const actions = new Map<string, Action>();
  const resourceTypes = new Map<string, ResourceType>();
  const conditionKeys = new Map<string, ConditionKey>();
  const operations = new Map<string, Operation>();

  for (const { content } of group) {
    for (const action of content.actions) mergeAction(actions, action, conflict);
    for (const resourceType of content.resourceTypes) mergeResourceType(resourceTypes, resourceType, conflict);
    for (const key of content.conditionKeys) mergeConditionKey(conditionKeys, key, conflict);
    for (const operation of content.operations ?? []) mergeOperation(operations, operation);
  }

  const service: Service = {
    prefix,
    name: group[0]!.content.serviceName,
    pages: group.map(({ page }) => page),
    actions: sortByName([...actions.values()]),
    resourceTypes: sortByName([...resourceTypes.values()]),
    conditionKeys: sortByName([...conditionKeys.values()]),
  };
  if (operations.size > 0) service.operations = sortByName([...operations.values()]);
  return service;
}

type Conflict = (source: SourceRef | undefined, what: string, first: unknown, later: unknown) => void;

function mergeAction(actions: Map<string, Action>, action: Action, conflict: Conflict): void {
  const known = actions.get(action.name);
  if (!known) {
    actions.set(action.name, copyAction(action));
    return;
  }

  const where = action.sources[0];
  known.sources = [...known.sources, ...action.sources];
  known.description = pick(known.description, action.description, where, `The description of action ${action.name}`, conflict);
  known.accessLevel = pick(known.accessLevel, action.accessLevel, where, `The access level of action ${action.name}`, conflict);
  const url = pick(known.documentationUrl ?? null, action.documentationUrl ?? null, where, `The documentation link of action ${action.name}`, conflict);
  if (url !== null) known.documentationUrl = url;
  if (action.permissionOnly) known.permissionOnly = true;

  if (action.resourceTypes) known.resourceTypes = mergeResourceTypeRefs(known.resourceTypes ?? [], action.resourceTypes);
  if (action.conditionKeys) known.conditionKeys = sortedUnique([...(known.conditionKeys ?? []), ...action.conditionKeys]);
  if (action.dependentActions) known.dependentActions = sortedUnique([...(known.dependentActions ?? []), ...action.dependentActions]);
}

/** Keep the first value that is not null; report a later value that differs. */
function pick<T>(first: T | null, later: T | null, where: SourceRef | undefined, what: string, conflict: Conflict): T | null {
  if (first === null) return later;
  if (later !== null && later !== first) conflict(where, what, first, later);
  return first;
}

function copyAction(action: Action): Action {
  const copy: Action = {
    ...action,
    resourceTypes: action.resourceTypes ? action.resourceTypes.map((reference) => ({ ...reference })) : null,
    conditionKeys: action.conditionKeys ? sortedUnique(action.conditionKeys) : null,
    dependentActions: action.dependentActions ? sortedUnique(action.dependentActions) : null,
    sources: [...action.sources],
  };
  return copy;
}

function mergeResourceTypeRefs(known: ActionResourceType[], added: ActionResourceType[]): ActionResourceType[] {
  const merged = known.map((reference) => ({ ...reference }));
  for (const reference of added) {
    const existing = merged.find((candidate) => candidate.name === reference.name);
    if (!existing) {
      merged.push({ ...reference });
      continue;
    }
    existing.required ||= reference.required;
    if (reference.conditionKeys) existing.conditionKeys = sortedUnique([...(existing.conditionKeys ?? []), ...reference.conditionKeys]);
    if (reference.dependentActions) existing.dependentActions = sortedUnique([...(existing.dependentActions ?? []), ...reference.dependentActions]);
  }
  return merged;
}

function mergeResourceType(resourceTypes: Map<string, ResourceType>, resourceType: ResourceType, conflict: Conflict): void {
  const known = resourceTypes.get(resourceType.name);
  if (!known) {
    resourceTypes.set(resourceType.name, { ...resourceType, conditionKeys: sortedUnique(resourceType.conditionKeys), sources: [...resourceType.sources] });
    return;
  }
  if (resourceType.arnPattern !== known.arnPattern) {
    conflict(resourceType.sources[0], `The ARN pattern of resource type ${resourceType.name}`, known.arnPattern, resourceType.arnPattern);
  }
  known.conditionKeys = sortedUnique([...known.conditionKeys, ...resourceType.conditionKeys]);
  known.sources = [...known.sources, ...resourceType.sources];
}

function mergeConditionKey(keys: Map<string, ConditionKey>, key: ConditionKey, conflict: Conflict): void {
  const known = keys.get(key.name);
  if (!known) {
    keys.set(key.name, { ...key, sources: [...key.sources] });
    return;
  }
  const where = key.sources[0];
  known.description = pick(known.description, key.description, where, `The description of condition key ${key.name}`, conflict);
  known.type = pick(known.type, key.type, where, `The type of condition key ${key.name}`, conflict);
  known.sources = [...known.sources, ...key.sources];
}

function mergeOperation(operations: Map<string, Operation>, operation: Operation): void {
  const known = operations.get(operation.name);
  if (!known) {
    operations.set(operation.name, { ...operation, actions: sortedUnique(operation.actions), sources: [...operation.sources] });
    return;
  }
  known.actions = sortedUnique([...known.actions, ...operation.actions]);
  known.sources = [...known.sources, ...operation.sources];
}

function sortByName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareStrings(a.name, b.name));
}
