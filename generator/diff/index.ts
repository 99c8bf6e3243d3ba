/**
 * The diff engine: compares two canonical models (arrays of `Service`) and
 * returns every change, each with a stable rule id, a severity, a subject,
 * the value before and after and the source position on each side, plus the
 * semantic-version bump they call for. Each rule family has its own module;
 * rules.ts lists the rules.
 */
import { compareStrings } from '../extract/fields.js';
import type { Service } from '../model/types.js';
import { diffActions } from './actions.js';
import { diffConditionKeys } from './condition-keys.js';
import { diffPages } from './pages.js';
import { diffResourceTypes } from './resource-types.js';
import { type Change, RULE_IDS, type SemverBump } from './rules.js';
import { recommendBump } from './semver.js';
import { diffServices } from './services.js';

export interface ModelDiff {
  /** The bump for every change found, descriptions included. */
  semver: SemverBump;
  /** Sorted by prefix, then in the order of the rule table, then by subject. */
  changes: Change[];
}

/** Compare the model `before` with the model `after`. */
export function diffModels(before: Service[], after: Service[]): ModelDiff {
  const { changes, pairs } = diffServices(before, after);

  for (const [earlier, later] of pairs) {
    const pages = diffPages(earlier, later);
    changes.push(...pages.changes);
    changes.push(...diffActions(earlier, later, pages.unavailable));
    changes.push(...diffResourceTypes(earlier, later));
    changes.push(...diffConditionKeys(earlier, later));
  }

  changes.sort(compareChanges);
  return { semver: recommendBump(changes), changes };
}

/** Leave out the description changes, which are shown only on request. */
export function withoutDescriptions(changes: Change[]): Change[] {
  return changes.filter((item) => item.id !== 'description-changed');
}

const RULE_ORDER = new Map(RULE_IDS.map((id, index) => [id, index]));

function compareChanges(a: Change, b: Change): number {
  return (
    compareStrings(a.prefix, b.prefix) ||
    RULE_ORDER.get(a.id)! - RULE_ORDER.get(b.id)! ||
    compareStrings(a.subject, b.subject) ||
    compareStrings(JSON.stringify(a.before), JSON.stringify(b.before)) ||
    compareStrings(JSON.stringify(a.after), JSON.stringify(b.after))
  );
}

export { type Change, type ChangeSeverity, type ChangeValue, RULES, RULE_IDS, type RuleId, type SemverBump } from './rules.js';
export { recommendBump } from './semver.js';
