/**
 * The removal guard: a run that would remove more than a threshold of all
 * known actions, or every action of a service, is held back. In the history
 * of the reference such runs were publishing accidents (a commit in which
 * every page is absent), not removals from IAM, and a generated package that
 * drops thousands of actions breaks every consumer at once.
 */
import { compareStrings } from '../extract/fields.js';
import type { Service } from '../model/types.js';
import type { Change } from './rules.js';

/** The default threshold: 5 % of the known actions. */
export const DEFAULT_REMOVAL_THRESHOLD = 5;

export interface RemovalCheck {
  /** Actions of the earlier model, carried-over ones included. */
  knownActions: number;
  /** Actions that would go, `prefix:Action`, sorted: removed actions and every action of a removed service. */
  removedActions: string[];
  /** Removed actions as a percentage of the known actions. */
  percent: number;
  thresholdPercent: number;
  /** Prefixes of services that would keep none of their actions, or that are removed with their resource types and condition keys. */
  servicesEmptied: string[];
  /** True when the run would remove more than the threshold or every action of a service. */
  tripped: boolean;
}

/**
 * Check the changes from `before` against the guard.
 *
 * @param thresholdPercent the largest share of known actions, in percent, that a run may remove
 */
export function checkRemovals(before: Service[], changes: Change[], thresholdPercent = DEFAULT_REMOVAL_THRESHOLD): RemovalCheck {
  const services = new Map(before.map((service) => [service.prefix, service]));
  const knownActions = before.reduce((sum, service) => sum + service.actions.length, 0);
  const removed = new Map<string, string[]>();
  const add = (prefix: string, names: string[]): void => {
    removed.set(prefix, [...(removed.get(prefix) ?? []), ...names]);
  };

  for (const item of changes) {
    if (item.id === 'action-removed') add(item.prefix, [String(item.before)]);
    if (item.id === 'service-removed') add(item.prefix, services.get(item.prefix)?.actions.map((action) => action.name) ?? []);
  }

  // A removed service whose pages listed no actions (a placeholder page
  // keeps resource types and condition keys) still takes its resource types,
  // condition keys and package module with it, so it counts as emptied too.
  const removedWithoutActions = changes
    .filter((item) => item.id === 'service-removed')
    .map((item) => item.prefix)
    .filter((prefix) => {
      const service = services.get(prefix);
      return service !== undefined && service.actions.length === 0 && (service.resourceTypes.length > 0 || service.conditionKeys.length > 0);
    });
  const servicesEmptied = [
    ...[...removed.entries()].filter(([prefix, names]) => names.length > 0 && names.length >= (services.get(prefix)?.actions.length ?? 0)).map(([prefix]) => prefix),
    ...removedWithoutActions,
  ].sort(compareStrings);
  const removedActions = [...removed.entries()].flatMap(([prefix, names]) => names.map((name) => `${prefix}:${name}`)).sort(compareStrings);
  const percent = knownActions === 0 ? 0 : (removedActions.length / knownActions) * 100;

  return {
    knownActions,
    removedActions,
    percent,
    thresholdPercent,
    servicesEmptied,
    tripped: percent > thresholdPercent || servicesEmptied.length > 0,
  };
}

/** Maximum number of services, and of actions per service, that the guard's message lists. */
const MAX_LISTED = 20;

/** Describe what a tripped guard would remove, one line per service, for an error message. */
export function describeRemovals(check: RemovalCheck): string {
  const reasons: string[] = [];
  if (check.percent > check.thresholdPercent) {
    reasons.push(`${check.removedActions.length} of ${check.knownActions} known actions (${check.percent.toFixed(1)} %, more than the threshold of ${check.thresholdPercent} %)`);
  } else {
    reasons.push(`${check.removedActions.length} of ${check.knownActions} known actions (${check.percent.toFixed(1)} %)`);
  }
  if (check.servicesEmptied.length > 0) reasons.push(`every action of ${check.servicesEmptied.length === 1 ? 'service' : 'services'} ${check.servicesEmptied.join(', ')}`);

  const byService = new Map<string, string[]>();
  for (const action of check.removedActions) {
    const [prefix = '', name = ''] = action.split(':');
    byService.set(prefix, [...(byService.get(prefix) ?? []), name]);
  }
  const lines = [...byService.entries()].slice(0, MAX_LISTED).map(([prefix, names]) => {
    const listed = names.slice(0, MAX_LISTED).join(', ');
    const more = names.length > MAX_LISTED ? ` and ${names.length - MAX_LISTED} more` : '';
    return `  ${prefix}: ${names.length} ${names.length === 1 ? 'action' : 'actions'} (${listed}${more})`;
  });
  if (byService.size > MAX_LISTED) lines.push(`  and ${byService.size - MAX_LISTED} more services`);

  return `The run would remove ${reasons.join(' and ')}:\n${lines.join('\n')}`;
}
