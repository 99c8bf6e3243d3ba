/** The semantic-version bump that a list of changes calls for. */
import { type Change, RULES, type SemverBump } from './rules.js';

const ORDER: SemverBump[] = ['none', 'patch', 'minor', 'major'];

/** Return the largest bump of the rules of `changes`: `none` for no change. */
export function recommendBump(changes: Iterable<Change>): SemverBump {
  let bump = 0;
  for (const item of changes) bump = Math.max(bump, ORDER.indexOf(RULES[item.id].semver));
  return ORDER[bump]!;
}
