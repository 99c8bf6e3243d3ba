/** Helpers of the rule modules: set differences of name lists, indexes by name, and what a service's pages document. */
import { compareStrings } from '../extract/fields.js';
import type { Service } from '../model/types.js';

/** Return the names only in `after` and the names only in `before`, each sorted. */
export function addedAndRemoved(before: Iterable<string>, after: Iterable<string>): { added: string[]; removed: string[] } {
  const earlier = new Set(before);
  const later = new Set(after);
  return {
    added: [...later].filter((name) => !earlier.has(name)).sort(compareStrings),
    removed: [...earlier].filter((name) => !later.has(name)).sort(compareStrings),
  };
}

/** Index items by name; the first item of a name wins, as in the merged model each name appears once. */
export function byName<T extends { name: string }>(items: T[]): Map<string, T> {
  const index = new Map<string, T>();
  for (const item of items) if (!index.has(item.name)) index.set(item.name, item);
  return index;
}

/**
 * True when every page of the service is a bullet-list page (2017-12 to
 * 2018-03). Such pages have no resource types table and list only the
 * service's own condition keys, so what they leave out is not removed.
 */
export function hasOnlyBulletListPages(service: Service): boolean {
  return service.pages.length > 0 && service.pages.every((page) => page.dialect === 'legacy-list');
}
