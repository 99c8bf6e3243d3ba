/**
 * The canonical model: one `Service` per service prefix, merged from every
 * page that documents that prefix. Every emitter reads this model and nothing
 * else, so a field that is not here cannot reach the generated output.
 *
 * `null` means "the page format does not say", which is different from an
 * empty array ("the page says there are none"). Legacy bullet-list pages, for
 * example, carry no access levels, descriptions or resource types.
 */

/** The five access levels of the Service Authorization Reference. */
export const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/**
 * The shape a page was written in, detected from its content.
 *
 * - `legacy-list`: 2017-12 to 2018-03 Markdown, actions and condition keys as bullet lists.
 * - `markdown-table`: 2018-04 to 2020-11 Markdown, three GFM tables.
 * - `markdown-list`: today's Markdown rendering, actions as nested bullet lists.
 * - `markdown-export`: a second Markdown export of today's site, GFM tables with titled links.
 * - `html`: the HTML pages of today's website.
 */
export const DIALECTS = ['legacy-list', 'markdown-table', 'markdown-list', 'markdown-export', 'html'] as const;
export type Dialect = (typeof DIALECTS)[number];

/**
 * Whether a page lists its actions: `present` (a table or list of actions),
 * `placeholder` (the table was replaced by a "See the AWS documentation
 * website for more details" link) or `absent` (no actions section at all).
 */
export type ActionsTableState = 'present' | 'placeholder' | 'absent';

/** A place in a source page. `file` is relative to the docs folder, with `/` separators. */
export interface SourceRef {
  file: string;
  line: number;
}

export interface PageRecord {
  file: string;
  title: string;
  sha256: string;
  dialect: Dialect;
  actionsTable: ActionsTableState;
}

/** A correction applied from the overrides file: the field now holds the corrected value. */
export interface Overridden {
  field: string;
  /** The value the page documents. */
  documented: string | null;
  reason: string;
}

/** A resource type as an action refers to it, in the action's "Resource types" column. */
export interface ActionResourceType {
  name: string;
  required: boolean;
  /**
   * Condition keys and dependent actions that the page places on this
   * resource type's row. Only the HTML pages tie them to one resource type;
   * other dialects leave these fields out.
   */
  conditionKeys?: string[];
  dependentActions?: string[];
}

export interface Scenario {
  name: string;
  resourceTypes: ActionResourceType[];
}

export interface Action {
  name: string;
  description: string | null;
  accessLevel: AccessLevel | null;
  documentationUrl?: string;
  /** Set on actions that no API operation calls ("permission only"). */
  permissionOnly?: boolean;
  /**
   * Set on actions kept from the earlier model because the page that listed
   * them no longer lists its actions (a placeholder link, a missing actions
   * section, or a page that failed to read). Their `sources` are the earlier ones.
   */
  carriedOver?: boolean;
  overridden?: Overridden[];
  resourceTypes: ActionResourceType[] | null;
  /**
   * Ways of calling the action that need other resource types, as the HTML
   * pages list them in "SCENARIO:" rows. A resource type required in a
   * scenario is required only when the action is called that way.
   */
  scenarios?: Scenario[];
  /** Every condition key the action supports, on any of its rows, sorted; null where the page format does not tie keys to actions. */
  conditionKeys: string[] | null;
  /** Every dependent action (`prefix:Action`) on any of its rows, sorted. */
  dependentActions: string[] | null;
  sources: SourceRef[];
}

export interface ResourceType {
  name: string;
  arnPattern: string;
  conditionKeys: string[];
  overridden?: Overridden[];
  sources: SourceRef[];
}

export interface ConditionKey {
  name: string;
  description: string | null;
  type: string | null;
  overridden?: Overridden[];
  sources: SourceRef[];
}

/** An API operation and the IAM actions it authorizes ("API operations defined by"). */
export interface Operation {
  name: string;
  actions: string[];
  sources: SourceRef[];
}

export interface Service {
  prefix: string;
  name: string;
  pages: PageRecord[];
  actions: Action[];
  resourceTypes: ResourceType[];
  conditionKeys: ConditionKey[];
  operations?: Operation[];
}

/** One row of `model/index.json`. */
export interface ServiceSummary {
  prefix: string;
  name: string;
  file: string;
  pages: number;
  actions: number;
  resourceTypes: number;
  conditionKeys: number;
}

export interface ModelIndex {
  services: ServiceSummary[];
}
