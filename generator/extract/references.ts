/**
 * Cross-checks within one page: every resource type an action names must be
 * in the page's resource types table, and every service-specific condition
 * key it names must be in the condition keys table. Global keys (`aws:`)
 * are defined once for all services, not on each page.
 */
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import type { PageContent } from './types.js';

/** Report `unknown-resource-type` and `undefined-condition-key` for the page's actions. */
export function checkReferences(content: PageContent, file: VFile): void {
  const resourceTypes = new Set(content.resourceTypes.map((resourceType) => resourceType.name));
  const conditionKeys = new Set(content.conditionKeys.map((key) => key.name));

  for (const action of content.actions) {
    const place = { line: action.sources[0]?.line ?? 1, column: 1 };

    for (const resourceType of action.resourceTypes ?? []) {
      if (resourceTypes.has(resourceType.name)) continue;
      report(file, 'warning', 'unknown-resource-type', `Action ${action.name} names resource type "${resourceType.name}", which the resource types table does not define.`, {
        place,
        expected: [...resourceTypes].slice(0, 10),
        actual: resourceType.name,
      });
    }

    for (const key of action.conditionKeys ?? []) {
      if (key.startsWith('aws:') || conditionKeys.has(key)) continue;
      report(file, 'warning', 'undefined-condition-key', `Action ${action.name} names condition key "${key}", which the condition keys table does not define.`, {
        place,
        actual: key,
      });
    }
  }
}
