/**
 * The Markdown dialect of 2018-04 to 2020-11: "Actions, Resources, and
 * Condition Keys for X" with three GFM tables. Headers were Title Case until
 * 2020-09 and lower case after. From 2018-04 on, many pages replaced the
 * actions table by one link, "[See the AWS documentation website for more
 * details]", because the upstream table had cells spanning several rows; those
 * pages still have the resource types and condition keys tables.
 */
import type { Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import type { Action, ActionsTableState, ConditionKey, ResourceType } from '../model/types.js';
import type { MarkdownReader } from './dialects.js';
import { isActionName, parseAccessLevel, parseResourceTypeRef, sortedUnique } from './fields.js';
import { findSection, pageTitle, type Section, sections, servicePrefix } from './markdown-page.js';
import { cellItems, firstLink, lineOf, nodeText } from './mdast-text.js';
import { checkReferences } from './references.js';
import { ACTION_COLUMNS, CONDITION_COLUMNS, readTable, RESOURCE_COLUMNS } from './table-columns.js';
import type { PageContent } from './types.js';

const TITLE = /^actions,\s+resources,\s+and\s+condition\s+keys\s+for\s+(.+)$/i;
const PERMISSION_ONLY = /\s*\[permission only\]\s*/i;
const NO_ACTIONS = /\bhas no (?:api operations|actions)\b/i;
const PLACEHOLDER = /see the aws documentation website for more details/i;


export const markdownTableReader: MarkdownReader = {
  dialect: 'markdown-table',
  syntax: 'markdown',
  detect(tree) {
    const title = pageTitle(tree);
    return title !== undefined && TITLE.test(title.text);
  },
  extract,
};

function extract(tree: Root, file: VFile): PageContent {
  const title = pageTitle(tree);
  const titleText = title?.text ?? '';
  const all = sections(tree);

  const actionsSection = findSection(all, /^actions defined by\b/i);
  const resourcesSection = findSection(all, /^resource(?: type)?s defined by\b/i);
  const conditionsSection = findSection(all, /^condition keys for\b/i);

  const { state, actions } = readActions(actionsSection, file);
  const content: PageContent = {
    dialect: 'markdown-table',
    title: titleText,
    serviceName: TITLE.exec(titleText)?.[1]?.trim() ?? titleText,
    prefix: servicePrefix(tree),
    actionsTable: state,
    actions,
    resourceTypes: readResourceTypes(resourcesSection, file),
    conditionKeys: readConditionKeys(conditionsSection, file),
  };

  checkReferences(content, file);
  return content;
}

function firstTable(section: Section): Table | undefined {
  return section.children.find((node): node is Table => node.type === 'table');
}

function containsPlaceholder(nodes: RootContent[]): boolean {
  return nodes.some((node) => node.type !== 'table' && PLACEHOLDER.test(nodeText(node)));
}

function readActions(section: Section | undefined, file: VFile): { state: ActionsTableState; actions: Action[] } {
  if (!section) return { state: 'absent', actions: [] };

  const table = firstTable(section);
  if (!table) {
    if (containsPlaceholder(section.children)) return { state: 'placeholder', actions: [] };
    // "AWS IQ has no API operations that can be used in the `Actions` element" (2020).
    if (section.children.some((node) => NO_ACTIONS.test(nodeText(node)))) return { state: 'absent', actions: [] };
    report(file, 'warning', 'actions-table-missing', `The section "${section.title}" has neither an actions table nor a link to one.`, {
      place: section.heading,
      expected: ['a table whose first column is "Actions"'],
    });
    return { state: 'absent', actions: [] };
  }

  const read = readTable(table, ACTION_COLUMNS, file, 'actions');
  if (!read) return { state: 'absent', actions: [] };
  if (read.rows.length === 0) {
    // A blank line after the delimiter row ends a GFM table, so the rows
    // below it are read as a paragraph (Application Discovery, 2019-06-27).
    report(file, 'warning', 'actions-table-empty', `The actions table of "${section.title}" has a header but no rows, so the page gives no actions. If the rows follow after a blank line, remove that line, because a blank line ends a table.`, {
      place: table,
      expected: ['table rows right below the "| --- |" delimiter row'],
    });
  }

  const actions = new Map<string, Action>();
  let previous: Action | undefined;
  for (const { row, cells } of read.rows) {
    const nameCell = cells.name;
    const name = nameCell ? nodeText(nameCell) : '';

    // A row with an empty action cell continues the action above it: some
    // tables of 2018 put a second resource type on a row of its own.
    if (!name && previous) {
      addRowDetails(previous, cells);
      continue;
    }

    // Actions that no API operation calls are marked "[permission only]"
    // after the name, inside or outside the link (pages of 2020).
    const link = nameCell ? (brokenLink(name, file, nameCell) ?? firstLink(nameCell)) : undefined;
    const permissionOnly = PERMISSION_ONLY.test(name);
    const actionName = (link?.text ?? name).replace(PERMISSION_ONLY, '').trim();
    if (!isActionName(actionName)) {
      report(file, 'warning', 'invalid-action-name', `"${actionName}" is not a valid action name, so the row was skipped.`, {
        place: nameCell ?? row,
        expected: ['letters, digits, "-" or "_"'],
        actual: actionName,
      });
      continue;
    }

    const existing = actions.get(actionName);
    if (existing) {
      report(file, 'warning', 'duplicate-action', `Action ${actionName} appears more than once in the actions table; the rows were merged.`, {
        place: row,
        actual: actionName,
      });
      const accessLevel = cells.accessLevel ? parseAccessLevel(nodeText(cells.accessLevel), file, cells.accessLevel) : null;
      if (accessLevel !== null && existing.accessLevel !== null && accessLevel !== existing.accessLevel) {
        report(file, 'warning', 'conflicting-definition', `The rows of action ${actionName} give different access levels; the first row's is kept.`, {
          place: cells.accessLevel,
          expected: [existing.accessLevel],
          actual: accessLevel,
        });
      }
      existing.sources.push({ file: file.path, line: lineOf(row) });
      addRowDetails(existing, cells);
      previous = existing;
      continue;
    }

    const action: Action = {
      name: actionName,
      description: cells.description ? nodeText(cells.description) : null,
      accessLevel: cells.accessLevel ? parseAccessLevel(nodeText(cells.accessLevel), file, cells.accessLevel) : null,
      resourceTypes: cells.resourceTypes ? [] : null,
      conditionKeys: cells.conditionKeys ? [] : null,
      dependentActions: cells.dependentActions ? [] : null,
      sources: [{ file: file.path, line: lineOf(row) }],
    };
    if (link?.url) action.documentationUrl = link.url;
    if (permissionOnly) action.permissionOnly = true;
    addRowDetails(action, cells);

    actions.set(actionName, action);
    previous = action;
  }

  return { state: 'present', actions: [...actions.values()] };
}

/**
 * Recover a link that Markdown did not parse because its target contains a
 * space, as on the Amazon EMR page of 2018-04:
 * `[DeleteSecurityConfiguration](http://.../API_ DeleteSecurityConfiguration.html)`.
 */
function brokenLink(text: string, file: VFile, place: TableCell): { text: string; url: string } | undefined {
  const match = /^\[([^\]]+)\]\(([^)]*)\)/.exec(text);
  if (!match?.[1] || match[2] === undefined) return undefined;

  const url = match[2].replace(/\s+/g, '');
  report(file, 'warning', 'malformed-link', `The link of action ${match[1].trim()} has a space in its target, so Markdown does not read it as a link; the space was removed.`, {
    place,
    actual: match[2],
  });
  return { text: match[1].trim(), url };
}

function addRowDetails(action: Action, cells: Partial<Record<'resourceTypes' | 'conditionKeys' | 'dependentActions', TableCell>>): void {
  if (cells.resourceTypes) {
    action.resourceTypes ??= [];
    for (const item of cellItems(cells.resourceTypes)) {
      const reference = parseResourceTypeRef(item.text);
      // A URL in place of the name (2018-05 to 2018-07) names no resource type.
      if (!reference.name || /^[a-z]+:\/\//i.test(reference.name)) continue;
      const known = action.resourceTypes.find((resourceType) => resourceType.name === reference.name);
      if (known) known.required ||= reference.required;
      else action.resourceTypes.push(reference);
    }
  }
  if (cells.conditionKeys) {
    action.conditionKeys = sortedUnique([...(action.conditionKeys ?? []), ...cellItems(cells.conditionKeys).map((item) => item.text)]);
  }
  if (cells.dependentActions) {
    action.dependentActions = sortedUnique([...(action.dependentActions ?? []), ...cellItems(cells.dependentActions).map((item) => item.text)]);
  }
}

/**
 * Report and return true for a name that is a URL. Pages of 2018-05 to
 * 2018-07 show the link target in place of the name in every table (the
 * Amazon S3 page names its bucket resource type
 * "http://docs.aws.amazon.com/AmazonS3/latest/dev/UsingBucket.html"); such
 * rows are skipped, and carry-over keeps what the earlier model had.
 */
function isUrlName(name: string, file: VFile, row: TableRow, what: 'resource type' | 'condition key'): boolean {
  if (!/^[a-z]+:\/\//i.test(name)) return false;
  const ruleId = what === 'resource type' ? 'invalid-resource-type-name' : 'invalid-condition-key';
  report(file, 'warning', ruleId, `The ${what} table shows a URL where the ${what} name should be, so the row was skipped.`, { place: row, actual: name });
  return true;
}

function readResourceTypes(section: Section | undefined, file: VFile): ResourceType[] {
  const table = section && firstTable(section);
  if (!table) return [];

  const read = readTable(table, RESOURCE_COLUMNS, file, 'resource types');
  if (!read) return [];

  const resourceTypes: ResourceType[] = [];
  for (const { row, cells } of read.rows) {
    const name = cells.name ? (firstLink(cells.name)?.text ?? nodeText(cells.name)).trim() : '';
    if (!name) continue;
    if (isUrlName(name, file, row, 'resource type')) continue;
    resourceTypes.push({
      name,
      arnPattern: cells.arn ? nodeText(cells.arn).replace(/\s+/g, '') : '',
      conditionKeys: cells.conditionKeys ? sortedUnique(cellItems(cells.conditionKeys).map((item) => item.text)) : [],
      sources: [{ file: file.path, line: lineOf(row) }],
    });
  }
  return resourceTypes;
}

function readConditionKeys(section: Section | undefined, file: VFile): ConditionKey[] {
  const table = section && firstTable(section);
  if (!table) return [];

  const read = readTable(table, CONDITION_COLUMNS, file, 'condition keys');
  if (!read) return [];

  const keys: ConditionKey[] = [];
  for (const { row, cells } of read.rows) {
    const name = cells.name ? (firstLink(cells.name)?.text ?? nodeText(cells.name)).trim() : '';
    if (!name) continue;
    if (isUrlName(name, file, row, 'condition key')) continue;
    keys.push({
      name,
      description: cells.description ? nodeText(cells.description) : null,
      type: cells.type ? nodeText(cells.type) || null : null,
      sources: [{ file: file.path, line: lineOf(row) }],
    });
  }
  return keys;
}
