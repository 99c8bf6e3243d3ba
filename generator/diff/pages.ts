/**
 * Actions that became unavailable, not removed: `actions-table-unavailable`.
 *
 * A page can stop listing its actions while it stays: its actions table
 * became a "See the AWS documentation website" link, its actions section
 * vanished, rows of its table lost their action names (a URL in their
 * place), or the page failed to read. None of that removes a permission from
 * IAM. The pipeline carries such actions over (`carriedOver: true`), and a
 * model built without carry-over simply lacks them. This module recognises
 * both, so that the action rules never report them as removed.
 *
 * The rule follows generator/normalize/carry-over.ts. An earlier action is
 * unavailable when the new model carries it over. A missing action is
 * unavailable too when the service no longer has a page that lists actions,
 * or when every page it came from is still there but lists no actions.
 */
import { compareStrings } from '../extract/fields.js';
import type { Action, PageRecord, Service, SourceRef } from '../model/types.js';
import { type Change, change } from './rules.js';

export interface PageChanges {
  changes: Change[];
  /** Names of the earlier actions that are unavailable now, whether or not they already were. */
  unavailable: Set<string>;
}

/** Compare the action lists of the pages of one service on both sides. */
export function diffPages(before: Service, after: Service): PageChanges {
  const listing = pagesListingActions(after);
  const afterActions = new Map(after.actions.map((action) => [action.name, action]));
  const unavailable = new Set<string>();
  const newlyUnavailable: Action[] = [];

  for (const action of before.actions) {
    const current = afterActions.get(action.name);
    const isUnavailable = current ? current.carriedOver === true : isKeptByItsPages(action, after, listing);
    if (!isUnavailable) continue;

    unavailable.add(action.name);
    if (!action.carriedOver) newlyUnavailable.push(action);
  }

  return { changes: groupByPage(before, newlyUnavailable, after, listing), unavailable };
}

/**
 * Files that list at least one action of the service that is not carried
 * over, less the pages recorded without an actions table. A table whose
 * every row failed to read lists none, like a placeholder.
 */
function pagesListingActions(service: Service): Set<string> {
  const listing = new Set<string>();
  const withoutTable = new Set(service.pages.filter((page) => page.actionsTable !== 'present').map((page) => page.file));
  for (const action of service.actions) {
    if (action.carriedOver) continue;
    for (const source of action.sources) if (!withoutTable.has(source.file)) listing.add(source.file);
  }
  return listing;
}

/** True when a missing earlier action is unavailable: its pages stay but list no actions. */
function isKeptByItsPages(action: Action, after: Service, listing: Set<string>): boolean {
  if (listing.size === 0) return true;
  const files = new Set(after.pages.map((page) => page.file));
  return action.sources.length > 0 && action.sources.every((source) => files.has(source.file) && !listing.has(source.file));
}

/** Group the newly unavailable actions by the page of the new model that stopped listing them: one change per page. */
function groupByPage(before: Service, actions: Action[], after: Service, listing: Set<string>): Change[] {
  const groups = new Map<string, { page: PageRecord | undefined; actions: Action[] }>();
  for (const action of actions) {
    const page = pageOf(action, after, listing);
    const key = page?.file ?? '';
    const group = groups.get(key) ?? { page, actions: [] };
    group.actions.push(action);
    groups.set(key, group);
  }

  return [...groups.values()].map(({ page, actions: group }) => {
    const first = group[0]!;
    const afterSource: SourceRef | undefined = page ? { file: page.file, line: 1 } : undefined;
    const result = change('actions-table-unavailable', before.prefix, before.prefix, 'present', tableState(page, before, listing), first.sources[0], afterSource);
    result.actions = group.map((action) => action.name).sort(compareStrings);
    return result;
  });
}

/**
 * Find the page of the new model that no longer lists `action`: the page it
 * came from when that page is still there. Otherwise the page was renamed
 * while it lost its table (list_ec2.md became list_amazonec2.md), so it is
 * the first page of the service that lists no actions.
 */
function pageOf(action: Action, after: Service, listing: Set<string>): PageRecord | undefined {
  const files = new Set(action.sources.map((source) => source.file));
  return after.pages.find((page) => files.has(page.file)) ?? after.pages.find((page) => !listing.has(page.file));
}

/**
 * Return the state of a page's actions table: `placeholder` or `absent` from
 * the page record, and `incomplete` for a table that lists some actions but
 * not these, because the pipeline carries actions over from a page with rows
 * it could not read. A page that failed to read keeps its earlier record, so
 * a record as before (same bytes) whose actions are gone is `unreadable`.
 * Otherwise the table gave no action: `empty`.
 */
function tableState(page: PageRecord | undefined, before: Service, listing: Set<string>): string {
  if (!page) return 'absent';
  if (page.actionsTable !== 'present') return page.actionsTable;
  if (listing.has(page.file)) return 'incomplete';
  return before.pages.some((earlier) => earlier.file === page.file && earlier.sha256 === page.sha256) ? 'unreadable' : 'empty';
}
