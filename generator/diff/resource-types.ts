/**
 * The resource type rules: resource types added and removed, ARN patterns
 * changed, and condition keys added to or removed from a resource type.
 * Resource types are read from their own table, which placeholder pages
 * keep, so a page that loses its actions table loses none of them. Bullet
 * list pages have no such table, so they never remove a resource type.
 */
import type { ResourceType, Service } from '../model/types.js';
import { addedAndRemoved, byName, hasOnlyBulletListPages } from './lists.js';
import { type Change, change } from './rules.js';

/** Compare the resource types of one service. */
export function diffResourceTypes(before: Service, after: Service): Change[] {
  const earlier = byName(before.resourceTypes);
  const later = byName(after.resourceTypes);
  const changes: Change[] = [];
  const { added, removed } = addedAndRemoved(earlier.keys(), later.keys());

  // A bullet-list page has no resource types table: its empty list says nothing.
  for (const name of hasOnlyBulletListPages(after) ? [] : removed) {
    const resourceType = earlier.get(name)!;
    changes.push(change('resource-type-removed', before.prefix, subjectOf(before, resourceType), resourceType.arnPattern, null, resourceType.sources[0]));
  }
  for (const name of added) {
    const resourceType = later.get(name)!;
    changes.push(change('resource-type-added', after.prefix, subjectOf(after, resourceType), null, resourceType.arnPattern, undefined, resourceType.sources[0]));
  }

  for (const [name, resourceType] of later) {
    const previous = earlier.get(name);
    if (previous) changes.push(...diffResourceType(after.prefix, previous, resourceType));
  }
  return changes;
}

function diffResourceType(prefix: string, before: ResourceType, after: ResourceType): Change[] {
  const subject = `${prefix}/${after.name}`;
  const where = [before.sources[0], after.sources[0]] as const;
  const changes: Change[] = [];

  if (before.arnPattern !== after.arnPattern) changes.push(change('arn-pattern-changed', prefix, subject, before.arnPattern, after.arnPattern, ...where));

  const { added, removed } = addedAndRemoved(before.conditionKeys, after.conditionKeys);
  changes.push(...added.map((key) => change('resource-type-condition-key-added', prefix, subject, null, key, ...where)));
  changes.push(...removed.map((key) => change('resource-type-condition-key-removed', prefix, subject, key, null, ...where)));
  return changes;
}

function subjectOf(service: Service, resourceType: ResourceType): string {
  return `${service.prefix}/${resourceType.name}`;
}
