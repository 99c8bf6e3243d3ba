/**
 * The condition key rules: condition keys a service defines, added and
 * removed, and a changed type or description. A type or description that is
 * null on either side (bullet-list pages give neither) never gives a change,
 * and neither does a global key that a bullet-list page leaves out.
 */
import type { Service } from '../model/types.js';
import { addedAndRemoved, byName, hasOnlyBulletListPages } from './lists.js';
import { type Change, change } from './rules.js';

/** Compare the condition keys of one service. The subject of each change is the condition key itself. */
export function diffConditionKeys(before: Service, after: Service): Change[] {
  const earlier = byName(before.conditionKeys);
  const later = byName(after.conditionKeys);
  const changes: Change[] = [];
  const { added, removed } = addedAndRemoved(earlier.keys(), later.keys());

  // Bullet-list pages list only the service's own keys, so a global key they leave out is not removed.
  const ownKeysOnly = hasOnlyBulletListPages(after);
  for (const name of removed) {
    if (ownKeysOnly && !name.startsWith(`${after.prefix}:`)) continue;
    changes.push(change('condition-key-removed', before.prefix, name, name, null, earlier.get(name)!.sources[0]));
  }
  for (const name of added) changes.push(change('condition-key-added', after.prefix, name, null, name, undefined, later.get(name)!.sources[0]));

  for (const [name, key] of later) {
    const previous = earlier.get(name);
    if (!previous) continue;
    const where = [previous.sources[0], key.sources[0]] as const;
    if (previous.type !== null && key.type !== null && previous.type !== key.type) {
      changes.push(change('condition-key-type-changed', after.prefix, name, previous.type, key.type, ...where));
    }
    if (previous.description !== null && key.description !== null && previous.description !== key.description) {
      changes.push(change('description-changed', after.prefix, name, previous.description, key.description, ...where));
    }
  }
  return changes;
}
