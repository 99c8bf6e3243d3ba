/**
 * Keep the actions of the earlier model that are unavailable, not removed.
 *
 * In the real history of the reference, pages lose their actions table to a
 * "See the AWS documentation website" link, are renamed at the same time, or
 * fail to read. None of that removes a permission from IAM, so the actions
 * the earlier model had for such a page stay in the model, marked
 * `carriedOver`, instead of showing up as removed in the changelog.
 *
 * Rule, per service prefix of the earlier model:
 * - when the service now has no page that lists its actions, every earlier
 *   action that is not in the new model is carried over;
 * - otherwise an earlier action is carried over when every page it came from
 *   is now a page without actions (placeholder or absent) or failed to read;
 * - a page that failed to read also keeps its earlier resource types,
 *   condition keys and page record, and a service whose only pages failed
 *   is kept whole; a page with unreadable rows in its resource types or
 *   condition keys table keeps the earlier ones it no longer lists.
 */
import type { Diagnostic } from '../diagnostics.js';
import { compareStrings } from '../extract/fields.js';
import type { Action, Service } from '../model/types.js';

export interface RunPages {
  /** Files read this run as pages without a complete actions list (placeholder, absent, or with action rows that could not be read). */
  withoutActions: Set<string>;
  /** Files found this run that could not be read as pages. */
  failed: Set<string>;
  /** Files read this run whose resource types or condition keys tables had rows that could not be read. */
  incompleteDefinitions?: Set<string>;
}

/** Return the services with the earlier model's unavailable actions carried over, and an info diagnostic per service. */
export function carryOver(services: Service[], previous: Service[] | null, run: RunPages): { services: Service[]; diagnostics: Diagnostic[] } {
  if (!previous) return { services, diagnostics: [] };

  const current = new Map(services.map((service) => [service.prefix, service]));
  const diagnostics: Diagnostic[] = [];

  for (const earlier of previous) {
    const service = current.get(earlier.prefix) ?? revive(earlier, run.failed);
    if (!service) continue;
    current.set(service.prefix, service);

    const carried = carryActions(service, earlier, run);
    carryFailedPageDefinitions(service, earlier, new Set([...run.failed, ...(run.incompleteDefinitions ?? [])]), run.failed);
    if (carried.length === 0) continue;

    const page = service.pages[0]!;
    diagnostics.push({
      file: page.file,
      line: 1,
      column: 1,
      severity: 'info',
      ruleId: 'actions-carried-over',
      message: `${carried.length} actions of service prefix "${service.prefix}" are kept from the earlier model because the pages that listed them no longer list actions.`,
    });
  }

  const merged = [...current.values()].sort((a, b) => compareStrings(a.prefix, b.prefix));
  return { services: merged, diagnostics };
}

/** Rebuild a service whose every earlier page failed to read this run, or return undefined. */
function revive(earlier: Service, failed: Set<string>): Service | undefined {
  if (!earlier.pages.every((page) => failed.has(page.file))) return undefined;
  return { ...earlier, actions: [], resourceTypes: [], conditionKeys: [] };
}

function carryActions(service: Service, earlier: Service, run: RunPages): Action[] {
  const known = new Set(service.actions.map((action) => action.name));
  const listsActions = service.pages.some((page) => page.actionsTable === 'present' && !run.failed.has(page.file));
  const unavailable = (file: string): boolean => run.withoutActions.has(file) || run.failed.has(file);

  const carried = earlier.actions.filter(
    (action) => !known.has(action.name) && (!listsActions || action.sources.every((source) => unavailable(source.file))),
  );
  if (carried.length === 0) return carried;

  service.actions = [...service.actions, ...carried.map((action) => ({ ...action, carriedOver: true }))].sort((a, b) => compareStrings(a.name, b.name));
  return carried;
}

function carryFailedPageDefinitions(service: Service, earlier: Service, incomplete: Set<string>, failed: Set<string>): void {
  const fromFailed = (sources: Array<{ file: string }>): boolean => sources.some((source) => incomplete.has(source.file));

  for (const page of earlier.pages) {
    if (failed.has(page.file) && !service.pages.some((candidate) => candidate.file === page.file)) service.pages.push(page);
  }
  service.pages.sort((a, b) => compareStrings(a.file, b.file));

  const resourceTypes = new Set(service.resourceTypes.map((resourceType) => resourceType.name));
  service.resourceTypes.push(...earlier.resourceTypes.filter((resourceType) => !resourceTypes.has(resourceType.name) && fromFailed(resourceType.sources)));
  service.resourceTypes.sort((a, b) => compareStrings(a.name, b.name));

  const keys = new Set(service.conditionKeys.map((key) => key.name));
  service.conditionKeys.push(...earlier.conditionKeys.filter((key) => !keys.has(key.name) && fromFailed(key.sources)));
  service.conditionKeys.sort((a, b) => compareStrings(a.name, b.name));
}
