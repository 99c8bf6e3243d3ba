/**
 * Building blocks of the Markdown readers of today's reference. They skip
 * YAML front matter, recognise `<a name>` anchors and read a GFM table by its
 * header names, continuation rows included. They also turn the actions,
 * resource types, condition keys and API operations tables into the model.
 * Page titles and sections come from `markdown-page.ts`.
 */
import type { Nodes, Paragraph, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import type { Action, ActionResourceType, ConditionKey, Operation, ResourceType, SourceRef } from '../model/types.js';
import { parseAccessLevel, parseResourceTypeRef, sortedUnique } from './fields.js';
import { cellItems, firstLink, nodeText } from './mdast-text.js';

const ANCHOR = /^<a\s+name=/i;

// ---------------------------------------------------------------------------
// Page structure

/**
 * Return the last line of YAML front matter (`---` on the first line up to
 * the next `---` or `...` line), or 0 when the page has none. remark without
 * a front matter plugin reads front matter as a thematic break followed by
 * paragraphs, lists or a setext heading, so readers skip the nodes on these
 * lines.
 */
export function frontMatterEndLine(text: string): number {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trimEnd() !== '---') return 0;

  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]?.trimEnd();
    if (line === '---' || line === '...') return index + 1;
  }

  // An unclosed `---` is a thematic break, not front matter.
  return 0;
}

/** Return the page's syntax tree without the nodes of its front matter. */
export function withoutFrontMatter(tree: Root, file: VFile): Root {
  const end = frontMatterEndLine(String(file.value ?? ''));
  if (end === 0) return tree;

  const children = tree.children.filter((node) => (node.position?.start.line ?? Number.POSITIVE_INFINITY) > end);
  return { ...tree, children };
}

/** True for a node that holds only `<a name="...">` anchors: an HTML block, or a paragraph of inline HTML. */
export function isAnchorNode(node: RootContent | undefined): boolean {
  if (!node) return false;
  if (node.type === 'html') return ANCHOR.test(node.value.trim());
  if (node.type !== 'paragraph') return false;

  const parts = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  const allHtml = parts.length > 0 && parts.every((child) => child.type === 'html');
  return allHtml && parts.some((child) => child.type === 'html' && ANCHOR.test(child.value));
}

/** True when a node or any of its descendants is raw HTML. */
export function containsHtml(node: Nodes): boolean {
  if (node.type === 'html') return true;
  return 'children' in node && (node.children as Nodes[]).some(containsHtml);
}

/** Return the source reference of a node: `file.path` and the node's first line. */
export function sourceOf(file: VFile, node: { position?: { start: { line: number } } | undefined }): SourceRef {
  return { file: file.path ?? '<input>', line: node.position?.start.line ?? 1 };
}

/** Wrap phrasing nodes in a paragraph, so that the helpers of `mdast-text.ts` can read part of a line. */
export function asParagraph(children: PhrasingContent[]): Paragraph {
  return { type: 'paragraph', children };
}

/** Return the first table among `nodes`, or undefined. */
export function firstTable(nodes: RootContent[]): Table | undefined {
  return nodes.find((node): node is Table => node.type === 'table');
}

// ---------------------------------------------------------------------------
// GFM tables by header name

/**
 * Normalize a header or a field label for lookup: lower case, whitespace
 * collapsed, a trailing colon removed. Suffixes stay, so "Resource Types
 * (\*required)" becomes "resource types (*required)" once remark has resolved
 * the escapes.
 */
export function normalizeHeader(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*:$/, '')
    .toLowerCase();
}

/** Return a normalized header without its parenthesised suffix: "resource types (*required)" becomes "resource types". */
export function headerBase(header: string): string {
  return header.replace(/\s*\([^)]*\)\s*$/, '').trim();
}

export interface HeaderRow {
  node: TableRow;
  /** The row's cells keyed by normalized header; a column that the row lacks has no entry. */
  cells: Map<string, TableCell>;
  /** True for a row that continues the entry of the row above (see `ReadTableOptions.spanned`). */
  continuation: boolean;
}

export interface HeaderTable {
  node: Table;
  /** Normalized header texts, in the order of the page. */
  headers: string[];
  rows: HeaderRow[];
}

export interface ReadTableOptions {
  /**
   * Header bases (see `headerBase`) of the columns that one entry spans over
   * several rows, as `rowspan` does in the HTML pages, the name column first.
   * A row that leaves out exactly these cells, or whose cell in the first of
   * these columns that the table has is empty, continues the entry above.
   */
  spanned?: string[];
}

/**
 * Read a GFM table into rows of cells keyed by normalized header text.
 * Reports `column-count` for every row with missing or extra cells: as a
 * warning, or as info when the row was read as a continuation row.
 */
export function readTable(table: Table, file: VFile, options: ReadTableOptions = {}): HeaderTable {
  const [headerRow, ...bodyRows] = table.children;
  const headers = headerRow ? headerRow.children.map((cell) => normalizeHeader(nodeText(cell))) : [];
  const spanned = new Set(options.spanned ?? []);
  const unspanned = headers.filter((header) => !spanned.has(headerBase(header)));
  const nameBase = options.spanned?.find((base) => headers.some((header) => headerBase(header) === base));
  const nameColumn = headers.findIndex((header) => headerBase(header) === nameBase);

  const rows: HeaderRow[] = [];
  for (const node of bodyRows) {
    const count = node.children.length;
    const cells = new Map<string, TableCell>();
    let continuation = false;

    if (unspanned.length < headers.length && rows.length > 0 && count === unspanned.length) {
      // A flattened rowspan: the spanned cells are missing and the others moved left.
      continuation = true;
      node.children.forEach((cell, index) => cells.set(unspanned[index] as string, cell));
      report(file, 'info', 'column-count', `The table row has ${count} cells for ${headers.length} columns, so it was read as a continuation of the row above, without the columns ${headers.filter((header) => !unspanned.includes(header)).join(', ')}.`, {
        place: node,
        expected: [`${headers.length} cells`],
        actual: `${count} cells`,
      });
    } else {
      node.children.forEach((cell, index) => {
        const header = headers[index];
        if (header !== undefined) cells.set(header, cell);
      });
      if (count !== headers.length) {
        const consequence = count < headers.length ? 'the missing cells are read as empty' : 'the extra cells are ignored';
        report(file, 'warning', 'column-count', `The table row has ${count} cells but the header has ${headers.length} columns, so ${consequence}.`, {
          place: node,
          expected: [`${headers.length} cells`],
          actual: `${count} cells`,
        });
      }
      const nameCell = nameColumn >= 0 ? node.children[nameColumn] : undefined;
      continuation = rows.length > 0 && nameCell !== undefined && nodeText(nameCell) === '';
    }

    rows.push({ node, cells, continuation });
  }
  return { node: table, headers, rows };
}

/** Return the first header whose base is one of `bases`, or undefined. */
export function findHeader(headers: string[], ...bases: string[]): string | undefined {
  return headers.find((header) => bases.includes(headerBase(header)));
}

/** Return a row's cell in the first column whose header base is one of `bases`, or undefined. */
export function rowCell(row: HeaderRow, ...bases: string[]): TableCell | undefined {
  for (const [header, cell] of row.cells) {
    if (bases.includes(headerBase(header))) return cell;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Values of cells and list fields

/** The address that relative links of the export dialect are relative to. */
const REFERENCE_BASE = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

/** A link target that a template never filled in, such as `${AuthZDocPage}`. */
const PLACEHOLDER_URL = /\$\{[^}]*\}/;

/** Read resource type references such as `table*`: the `*` suffix marks a required resource type and is stripped from the name. */
export function resourceTypeRefs(node: Nodes): ActionResourceType[] {
  return cellItems(node)
    .map((item) => parseResourceTypeRef(item.text))
    .filter((ref) => ref.name !== '');
}

/** Read names, such as condition keys or dependent actions, separated by `<br>` or whitespace. */
export function names(node: Nodes): string[] {
  return cellItems(node)
    .map((item) => item.text)
    .filter((text) => text !== '');
}

/**
 * Turn the target of an action's link into its documentation URL, or
 * undefined when the link names no page. Placeholders such as
 * `${AuthZDocPage}` give an info diagnostic and are left out.
 *
 * The export dialect rewrote the site's `.html` links as relative `.md`
 * targets. Resolving them against the reference's own address and turning
 * `.md` back into `.html` gives the links of the HTML pages.
 */
export function documentationUrl(url: string, file: VFile, place: Nodes | undefined): string | undefined {
  const target = url.trim();
  if (target === '' || target.startsWith('#')) return undefined;

  if (PLACEHOLDER_URL.test(target)) {
    report(file, 'info', 'placeholder-url', `The link target "${target}" is an unfilled template placeholder, so no documentation URL was recorded.`, { place, actual: target });
    return undefined;
  }

  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return target;

  let resolved: URL;
  try {
    resolved = new URL(target, REFERENCE_BASE);
  } catch {
    report(file, 'warning', 'invalid-url', `The link target "${target}" is not a valid URL, so no documentation URL was recorded.`, { place, actual: target });
    return undefined;
  }
  resolved.pathname = resolved.pathname.replace(/\.md$/i, '.html');
  return resolved.href;
}

// ---------------------------------------------------------------------------
// Actions

/** The resource types of one row of an action, with the condition keys and dependent actions on that row. */
export interface ActionRow {
  resourceTypes: ActionResourceType[];
  conditionKeys: string[];
  /** Null when the page has no dependent actions column or field. */
  dependentActions: string[] | null;
  /**
   * True when the page puts these values beside the resource types: on one
   * line joined by " / " in the list dialect, or on one of several rows of
   * one action in a table.
   */
  tied?: boolean;
}

/**
 * Merge the rows of one action into its resource types, condition keys and
 * dependent actions. A tied row also records its values on its resource
 * types; the action's own lists are the sorted unions of every row.
 */
export function combineRows(action: Action, rows: ActionRow[]): Action {
  const resourceTypes: ActionResourceType[] = [];
  const conditionKeys = [...(action.conditionKeys ?? [])];
  let dependentActions = action.dependentActions === null ? null : [...action.dependentActions];

  for (const row of rows) {
    const tied = row.tied === true && row.resourceTypes.length > 0;
    for (const resourceType of row.resourceTypes) {
      const entry: ActionResourceType = { ...resourceType };
      if (tied) {
        entry.conditionKeys = sortedUnique(row.conditionKeys);
        if (row.dependentActions) entry.dependentActions = sortedUnique(row.dependentActions);
      }
      resourceTypes.push(entry);
    }

    conditionKeys.push(...row.conditionKeys);
    if (row.dependentActions) dependentActions = [...(dependentActions ?? []), ...row.dependentActions];
  }

  return {
    ...action,
    resourceTypes,
    conditionKeys: sortedUnique(conditionKeys),
    dependentActions: dependentActions === null ? null : sortedUnique(dependentActions),
  };
}

const ACTION_COLUMNS = ['actions', 'action'];
const RESOURCE_TYPE_COLUMNS = ['resource types', 'resource type'];
const CONDITION_KEY_COLUMNS = ['condition keys', 'condition key'];
const DEPENDENT_ACTION_COLUMNS = ['dependent actions', 'dependent action'];
const PERMISSION_ONLY = /\s*\[permission only\]\s*/i;

/**
 * Read an actions table by its header names. An action that applies to
 * several resource types may go on over rows whose Actions cell is empty,
 * or that lack the Actions, Description and Access level cells altogether.
 */
export function readActionsTable(table: Table, file: VFile, options: { permissionOnly?: boolean } = {}): Action[] {
  const { headers, rows } = readTable(table, file, { spanned: [...ACTION_COLUMNS, 'description', 'access level'] });
  if (!findHeader(headers, ...ACTION_COLUMNS)) {
    report(file, 'warning', 'missing-column', 'The actions table has no "Actions" column, so its rows were not read.', {
      place: table,
      expected: ['Actions'],
      actual: headers.join(' | '),
    });
    return [];
  }
  const hasDependentActions = findHeader(headers, ...DEPENDENT_ACTION_COLUMNS) !== undefined;

  const drafts: Array<{ action: Action; rows: ActionRow[] }> = [];
  for (const row of rows) {
    const part = actionRowOf(row, hasDependentActions);
    const previous = drafts.at(-1);
    if (row.continuation && previous) {
      previous.rows.push(part);
      previous.action.sources.push(sourceOf(file, row.node));
      continue;
    }

    const action = actionOfRow(row, file, hasDependentActions, options.permissionOnly === true);
    if (action) drafts.push({ action, rows: [part] });
  }

  return drafts.map(({ action, rows: parts }) => {
    // One row cannot show whether its condition keys belong to the resource
    // type or to the action, so only an action of several rows ties them.
    if (parts.length > 1) for (const part of parts) part.tied = true;
    return combineRows(action, parts);
  });
}

function actionOfRow(row: HeaderRow, file: VFile, hasDependentActions: boolean, permissionOnlySection: boolean): Action | undefined {
  const nameCell = rowCell(row, ...ACTION_COLUMNS);
  const text = nameCell ? nodeText(nameCell) : '';
  const name = (nameCell ? (firstLink(nameCell)?.text ?? text) : '').replace(PERMISSION_ONLY, '').trim();
  if (!nameCell || !name) return undefined;

  const descriptionCell = rowCell(row, 'description');
  const accessCell = rowCell(row, 'access level');
  const action: Action = {
    name,
    description: descriptionCell ? nodeText(descriptionCell) : null,
    accessLevel: accessCell ? parseAccessLevel(nodeText(accessCell), file, accessCell) : null,
    resourceTypes: [],
    conditionKeys: [],
    dependentActions: hasDependentActions ? [] : null,
    sources: [sourceOf(file, row.node)],
  };

  const link = firstLink(nameCell);
  const url = link ? documentationUrl(link.url, file, nameCell) : undefined;
  if (url) action.documentationUrl = url;
  // Pages that list every action in one table mark some with "[permission only]".
  if (permissionOnlySection || PERMISSION_ONLY.test(text)) action.permissionOnly = true;
  return action;
}

function actionRowOf(row: HeaderRow, hasDependentActions: boolean): ActionRow {
  const resourceCell = rowCell(row, ...RESOURCE_TYPE_COLUMNS);
  const keysCell = rowCell(row, ...CONDITION_KEY_COLUMNS);
  const dependentCell = rowCell(row, ...DEPENDENT_ACTION_COLUMNS);

  let dependentActions: string[] | null = null;
  if (hasDependentActions) dependentActions = dependentCell ? names(dependentCell) : [];

  return {
    resourceTypes: resourceCell ? resourceTypeRefs(resourceCell) : [],
    conditionKeys: keysCell ? names(keysCell) : [],
    dependentActions,
  };
}

/**
 * Drop every action whose name an earlier action already has, reporting
 * `duplicate-action`. The first entry is kept as the page wrote it, rather
 * than merged, because two entries of today's pages are two definitions.
 */
export function dropDuplicateActions(actions: Action[], file: VFile): Action[] {
  const unique = new Map<string, Action>();
  for (const action of actions) {
    const first = unique.get(action.name);
    if (!first) {
      unique.set(action.name, action);
      continue;
    }
    report(file, 'warning', 'duplicate-action', `Action ${action.name} is listed again (first on line ${first.sources[0]?.line ?? 1}); the later entry was ignored.`, {
      place: { line: action.sources[0]?.line ?? 1, column: 1 },
      actual: action.name,
    });
  }
  return [...unique.values()];
}

// ---------------------------------------------------------------------------
// Resource types, condition keys and API operations

/** Read the resource types table ("Resource types", "ARN", "Condition keys"). */
export function readResourceTypesTable(table: Table, file: VFile): ResourceType[] {
  const { rows } = readTable(table, file);
  const resourceTypes: ResourceType[] = [];

  for (const row of rows) {
    const nameCell = rowCell(row, ...RESOURCE_TYPE_COLUMNS);
    const name = nameCell ? (firstLink(nameCell)?.text ?? nodeText(nameCell)).trim() : '';
    if (!name) continue;

    const arnCell = rowCell(row, 'arn');
    const keysCell = rowCell(row, ...CONDITION_KEY_COLUMNS);
    resourceTypes.push({
      name,
      // An ARN has no spaces; removing them undoes wrapping inside the cell.
      arnPattern: arnCell ? nodeText(arnCell).replace(/\s+/g, '') : '',
      conditionKeys: keysCell ? sortedUnique(names(keysCell)) : [],
      sources: [sourceOf(file, row.node)],
    });
  }
  return resourceTypes;
}

/** Read the condition keys table ("Condition keys", "Description", "Type"). */
export function readConditionKeysTable(table: Table, file: VFile): ConditionKey[] {
  const { rows } = readTable(table, file);
  const conditionKeys: ConditionKey[] = [];

  for (const row of rows) {
    const nameCell = rowCell(row, ...CONDITION_KEY_COLUMNS);
    const name = nameCell ? (firstLink(nameCell)?.text ?? nodeText(nameCell)).trim() : '';
    if (!name) continue;

    const descriptionCell = rowCell(row, 'description');
    const typeCell = rowCell(row, 'type');
    conditionKeys.push({
      name,
      description: descriptionCell ? nodeText(descriptionCell) : null,
      type: typeCell ? nodeText(typeCell) || null : null,
      sources: [sourceOf(file, row.node)],
    });
  }
  return conditionKeys;
}

const OPERATION_COLUMNS = ['operation', 'operations', 'api operation', 'api operations'];
const IAM_ACTION_COLUMNS = ['iam action', 'iam actions'];

/**
 * Read the API operations table ("Operation", "IAM action", "Condition key",
 * "Possible value(s)", "Access level"). An operation that needs several IAM
 * actions goes on over rows whose Operation cell is empty or missing.
 */
export function readOperationsTable(table: Table, file: VFile): Operation[] {
  const { headers, rows } = readTable(table, file, { spanned: OPERATION_COLUMNS });
  if (!findHeader(headers, ...IAM_ACTION_COLUMNS)) {
    report(file, 'warning', 'missing-column', 'The API operations table has no "IAM action" column, so its rows were not read.', {
      place: table,
      expected: ['IAM action'],
      actual: headers.join(' | '),
    });
    return [];
  }

  const operations: Operation[] = [];
  for (const row of rows) {
    const actionCell = rowCell(row, ...IAM_ACTION_COLUMNS);
    const actions = actionCell ? names(actionCell) : [];
    const previous = operations.at(-1);
    if (row.continuation && previous) {
      addOperationActions(previous, actions);
      continue;
    }

    const nameCell = rowCell(row, ...OPERATION_COLUMNS);
    const name = nameCell ? nodeText(nameCell) : '';
    if (!name) continue;
    const operation: Operation = { name, actions: [], sources: [sourceOf(file, row.node)] };
    addOperationActions(operation, actions);
    operations.push(operation);
  }
  return operations;
}

/** Add IAM actions (`prefix:Action`) to an operation, each once, in the order of the page. */
export function addOperationActions(operation: Operation, actions: string[]): void {
  for (const action of actions) {
    if (!operation.actions.includes(action)) operation.actions.push(action);
  }
}
