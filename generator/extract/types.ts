/**
 * What an extractor returns for one page, whatever its dialect. The fields use
 * the types of the canonical model; normalization merges pages that share a
 * service prefix and sorts everything.
 */
import type { ActionsTableState, Action, ConditionKey, Dialect, Operation, ResourceType } from '../model/types.js';

export interface PageContent {
  dialect: Dialect;
  /** The page title without its anchor, e.g. "Actions, Resources, and Condition Keys for Amazon Chime". */
  title: string;
  /** The service name taken from the title, e.g. "Amazon Chime". */
  serviceName: string;
  /** The service prefix from the "(service prefix: `chime`)" sentence, or null when the page has none. */
  prefix: string | null;
  actionsTable: ActionsTableState;
  actions: Action[];
  resourceTypes: ResourceType[];
  conditionKeys: ConditionKey[];
  /** The "API operations defined by" mapping, on pages that have one. */
  operations?: Operation[];
}
