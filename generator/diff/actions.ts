/**
 * The action rules: actions added and removed, and what changed on an action
 * present on both sides (access level, resource types and whether they are
 * required, condition keys, dependent actions, description).
 *
 * `null` means the page format does not say. A single value (the access
 * level, the description) that is null on either side gives no change, and
 * neither does a list that is null after. A list that was null before and is
 * documented now gives each entry as an addition to the existing action: a
 * 2018 bullet list, whose actions have no resource types, condition keys or
 * dependent actions, was followed by a table that has them.
 */
import type { Action, ActionResourceType, Service } from '../model/types.js';
import { addedAndRemoved, byName } from './lists.js';
import { type Change, change, type RuleId } from './rules.js';

/**
 * Compare the actions of one service.
 *
 * @param unavailable earlier actions that are unavailable now (see pages.ts), which are never reported as removed
 */
export function diffActions(before: Service, after: Service, unavailable: Set<string>): Change[] {
  const earlier = byName(before.actions);
  const later = byName(after.actions);
  const changes: Change[] = [];

  for (const action of earlier.values()) {
    const current = later.get(action.name);
    if (current === undefined && !unavailable.has(action.name)) {
      changes.push(change('action-removed', before.prefix, subjectOf(before, action), action.name, null, action.sources[0]));
    }
  }

  for (const action of later.values()) {
    const previous = earlier.get(action.name);
    if (previous === undefined) {
      changes.push(change('action-added', after.prefix, subjectOf(after, action), null, action.name, undefined, action.sources[0]));
    } else if (!action.carriedOver) {
      // A carried-over action is the earlier copy, not something the new pages document.
      changes.push(...diffAction(after.prefix, previous, action));
    }
  }

  return changes;
}

/** Compare one action present on both sides. */
function diffAction(prefix: string, before: Action, after: Action): Change[] {
  const subject = `${prefix}:${after.name}`;
  const make = (id: RuleId, from: Change['before'], to: Change['after']): Change => change(id, prefix, subject, from, to, before.sources[0], after.sources[0]);
  const changes: Change[] = [];

  if (before.accessLevel !== null && after.accessLevel !== null && before.accessLevel !== after.accessLevel) {
    changes.push(make('access-level-changed', before.accessLevel, after.accessLevel));
  }
  if (before.description !== null && after.description !== null && before.description !== after.description) {
    changes.push(make('description-changed', before.description, after.description));
  }

  changes.push(...diffResourceTypeRefs(before.resourceTypes, after.resourceTypes, make));
  changes.push(...diffNameList(before.conditionKeys, after.conditionKeys, 'action-condition-key-added', 'action-condition-key-removed', make));
  changes.push(...diffNameList(before.dependentActions, after.dependentActions, 'dependent-action-added', 'dependent-action-removed', make));
  return changes;
}

type MakeChange = (id: RuleId, before: Change['before'], after: Change['after']) => Change;

/**
 * Compare a list of names that may be null. Null after gives nothing (the
 * new page does not say); null before counts as empty, so each entry the new
 * page documents is an addition.
 */
function diffNameList(before: string[] | null, after: string[] | null, addedId: RuleId, removedId: RuleId, make: MakeChange): Change[] {
  if (after === null) return [];
  const { added, removed } = addedAndRemoved(before ?? [], after);
  return [...added.map((name) => make(addedId, null, name)), ...removed.map((name) => make(removedId, name, null))];
}

function diffResourceTypeRefs(before: ActionResourceType[] | null, after: ActionResourceType[] | null, make: MakeChange): Change[] {
  if (after === null) return [];
  const earlier = byName(before ?? []);
  const later = byName(after);
  const { added, removed } = addedAndRemoved(earlier.keys(), later.keys());
  const changes = [
    ...added.map((name) => make('action-resource-type-added', null, name)),
    ...removed.map((name) => make('action-resource-type-removed', name, null)),
  ];

  for (const [name, reference] of later) {
    const previous = earlier.get(name);
    if (previous && previous.required !== reference.required) {
      changes.push(make('resource-type-required-changed', { resourceType: name, required: previous.required }, { resourceType: name, required: reference.required }));
    }
  }
  return changes;
}

function subjectOf(service: Service, action: Action): string {
  return `${service.prefix}:${action.name}`;
}
