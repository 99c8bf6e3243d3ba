/**
 * The HTML dialect: today's pages of
 * docs.aws.amazon.com/service-authorization/latest/reference/list_*.html,
 * "Actions, resources, and condition keys for X" with three tables under
 * level-2 headings, notes and paragraphs between a heading and its table.
 * In the actions table an action spans one row per resource type, with
 * `rowspan` on its action, description and access level cells. The condition
 * keys and dependent actions of a row belong to that row's resource type. A
 * last row without a resource type carries those of the action itself.
 */
import type { Element, Nodes, Root } from 'hast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import type { Action, ActionResourceType, ActionsTableState, ConditionKey, ResourceType } from '../model/types.js';
import type { HtmlReader } from './dialects.js';
import { isActionName, parseAccessLevel, parseResourceTypeRef, sortedUnique } from './fields.js';
import { type GridCell, readHtmlTable } from './hast-table.js';
import { cellValues, collapsedText, compactText, firstLink, isElement, lineOf, pushChildren } from './hast-text.js';
import { checkReferences } from './references.js';
import { ACTION_COLUMNS, type ActionColumn, CONDITION_COLUMNS, RESOURCE_COLUMNS } from './table-columns.js';
import type { PageContent } from './types.js';

const TITLE = /^actions,\s+resources,\s+and\s+condition\s+keys\s+for\s+(.+)$/i;
/** The `[permission only]` marker after an action's link, as `compactText` returns it: without the space. */
const PERMISSION_ONLY = /\[permissiononly\]/i;
const PERMISSION_ONLY_ALL = new RegExp(PERMISSION_ONLY.source, 'gi');
const PLACEHOLDER = /see the aws documentation website for more details/i;
const PREFIX_BEFORE_CODE = /\(service prefix:\s*$/i;
const PREFIX_IN_TEXT = /\(service prefix:\s*([^\s)]+)\s*\)/i;

/**
 * Elements nested deeper than this are not read; real pages nest about 30
 * deep. The parser itself gives up some thousands deep, at a depth that
 * grows with the thread's stack size, so this lower limit makes a page
 * nested more deeply than real pages read the same on every thread.
 * NOTE: a page nested between the parser's limits on two threads, several
 * thousand levels, is skipped on the one with the smaller stack.
 */
const MAX_DEPTH = 512;

const SCENARIO = /^SCENARIO:\s*(.+)$/i;

type SectionKind = 'actions' | 'resourceTypes' | 'conditionKeys';

const SECTION_TITLES: Array<[SectionKind, RegExp]> = [
  ['actions', /^actions defined by\b/i],
  ['resourceTypes', /^resource(?: type)?s defined by\b/i],
  ['conditionKeys', /^condition keys for\b/i],
];


/** The cells of one row of the actions table, by column. */
type ActionRow = Partial<Record<ActionColumn, GridCell>>;


export const htmlReader: HtmlReader = {
  dialect: 'html',
  syntax: 'html',
  detect: isReferencePage,
  extract,
};

/** A section of the page: a heading and what follows it up to the next heading of the same or a higher level. */
interface Section {
  heading: Element;
  level: number;
  title: string;
  /** The first table of the section. */
  table?: Element;
  /** The "See the AWS documentation website for more details" link that replaces a table. */
  placeholder?: Element;
}

/** The title, service prefix and sections of a page, found in one walk over the tree. */
interface Outline {
  title: string;
  prefix: string | null;
  sections: Partial<Record<SectionKind, Section>>;
}

function extract(tree: Root, file: VFile): PageContent {
  const outline = readOutline(tree, file);
  const { state, actions } = readActions(outline.sections.actions, file);

  const content: PageContent = {
    dialect: 'html',
    title: outline.title,
    serviceName: TITLE.exec(outline.title)?.[1]?.trim() ?? outline.title,
    prefix: outline.prefix,
    actionsTable: state,
    actions,
    resourceTypes: readResourceTypes(outline.sections.resourceTypes, file),
    conditionKeys: readConditionKeys(outline.sections.conditionKeys, file),
  };

  checkReferences(content, file);
  return content;
}

/**
 * True when the page has a reference page title in an `h1` followed by a
 * service prefix sentence or one of the three section headings. The title
 * alone is not enough: the site's overview page is called "Actions,
 * resources, and condition keys for AWS services".
 */
function isReferencePage(tree: Root): boolean {
  let titleSeen = false;
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'root') pushChildren(stack, node);
    if (node.type !== 'element' || node.tagName === 'table') continue;

    const level = headingLevel(node);
    if (level === 1 && !titleSeen) titleSeen = TITLE.test(collapsedText(node));
    else if (level > 0 && titleSeen && SECTION_TITLES.some(([, pattern]) => pattern.test(collapsedText(node)))) return true;
    else if (node.tagName === 'p' && titleSeen && servicePrefix(node) !== null) return true;
    else if (level === 0) pushChildren(stack, node);
  }
  return false;
}

/**
 * Walk the page once, in document order, for its title, service prefix and
 * sections. Tables are not entered: the section readers read them.
 */
function readOutline(tree: Root, file: VFile): Outline {
  const outline: Outline = { title: '', prefix: null, sections: {} };
  let current: Section | undefined;
  let tooDeep = false;

  // Two stacks instead of one of objects: the walk visits every node of the page.
  const nodes: Nodes[] = [tree];
  const depths: number[] = [0];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (node.type === 'element') {
      if (depth > MAX_DEPTH) {
        if (!tooDeep) reportTooDeep(node, file);
        tooDeep = true;
        continue;
      }

      const level = headingLevel(node);
      if (level > 0) {
        current = visitHeading(outline, current, node, level);
        continue;
      }
      if (node.tagName === 'table') {
        if (current && !current.table) current.table = node;
        continue;
      }
      if (node.tagName === 'a' && current && current === outline.sections.actions && !current.placeholder && PLACEHOLDER.test(collapsedText(node))) {
        current.placeholder = node;
      }
      if (node.tagName === 'p' && outline.prefix === null) outline.prefix = servicePrefix(node);
    }

    if (node.type === 'element' || node.type === 'root') {
      for (let index = node.children.length - 1; index >= 0; index--) {
        nodes.push(node.children[index]!);
        depths.push(depth + 1);
      }
    }
  }
  return outline;
}

function reportTooDeep(element: Element, file: VFile): void {
  report(file, 'error', 'nesting-too-deep', `The page nests elements more than ${MAX_DEPTH} deep; what is nested deeper was not read. Look for elements that are opened again and again without being closed.`, {
    place: element,
  });
}

/** Return 1 to 6 for `h1` to `h6`, or 0 for any other element. */
function headingLevel(element: Element): number {
  const match = /^h([1-6])$/.exec(element.tagName);
  return match ? Number(match[1]) : 0;
}

/** Record a heading in `outline` and return the section that the nodes after it belong to. */
function visitHeading(outline: Outline, current: Section | undefined, heading: Element, level: number): Section | undefined {
  const text = collapsedText(heading);
  if (level === 1 && !outline.title && TITLE.test(text)) outline.title = text;

  const kind = SECTION_TITLES.find(([, pattern]) => pattern.test(text))?.[0];
  if (kind && !outline.sections[kind]) {
    const section: Section = { heading, level, title: text };
    outline.sections[kind] = section;
    return section;
  }
  // A heading inside a section, such as the "Note" of a note, does not end it.
  return current && level > current.level ? current : undefined;
}

/**
 * Find the service prefix in the "(service prefix: <code>chime</code>)"
 * sentence of the introduction, or in the same sentence without `<code>`.
 */
function servicePrefix(paragraph: Element): string | null {
  const text = collapsedText(paragraph);
  if (!/service prefix:/i.test(text)) return null;

  let before = '';
  for (const child of paragraph.children) {
    if (isElement(child, 'code') && PREFIX_BEFORE_CODE.test(before)) return compactText(child) || null;
    if (child.type === 'text') before += child.value;
    if (child.type === 'element') before += collapsedText(child);
  }
  return PREFIX_IN_TEXT.exec(text)?.[1] ?? null;
}

function readActions(section: Section | undefined, file: VFile): { state: ActionsTableState; actions: Action[] } {
  if (!section) return { state: 'absent', actions: [] };

  if (!section.table) {
    if (section.placeholder) return { state: 'placeholder', actions: [] };
    report(file, 'warning', 'actions-table-missing', `The section "${section.title}" has neither an actions table nor a link to one.`, {
      place: section.heading,
      expected: ['a table whose first column is "Actions"'],
    });
    return { state: 'absent', actions: [] };
  }

  const read = readHtmlTable(section.table, ACTION_COLUMNS, file, 'actions');
  if (!read) return { state: 'absent', actions: [] };

  // Each action with the rows it spans, in table order; a duplicate action's rows join the first.
  const actions = new Map<string, { action: Action; rows: ActionRow[] }>();
  let current: { cell: Element; rows: ActionRow[] } | undefined;
  for (const { cells } of read.rows) {
    const nameCell = cells.name;
    if (!nameCell) continue;

    if (!nameCell.first) {
      if (current?.cell === nameCell.element) current.rows.push(cells);
      continue;
    }

    current = undefined;
    const action = newAction(nameCell.element, cells, read.columns, file);
    if (!action) continue;

    let entry = actions.get(action.name);
    if (entry) {
      report(file, 'warning', 'duplicate-action', `Action ${action.name} appears more than once in the actions table; the rows were merged.`, {
        place: nameCell.element,
        actual: action.name,
      });
      checkSameAccessLevel(entry.action, action, cells.accessLevel?.element, file);
      entry.action.sources.push(...action.sources);
    } else {
      entry = { action, rows: [] };
      actions.set(action.name, entry);
    }
    entry.rows.push(cells);
    current = { cell: nameCell.element, rows: entry.rows };
  }

  for (const { action, rows } of actions.values()) addRows(action, rows, read.columns);
  return { state: 'present', actions: [...actions.values()].map((entry) => entry.action) };
}

/** Report a duplicate action whose access level differs from the first one's, which is kept. */
function checkSameAccessLevel(first: Action, duplicate: Action, place: Element | undefined, file: VFile): void {
  if (first.accessLevel === null || duplicate.accessLevel === null || first.accessLevel === duplicate.accessLevel) return;
  report(file, 'warning', 'conflicting-definition', `The rows of action ${first.name} give different access levels; the first row's is kept.`, {
    place,
    expected: [first.accessLevel],
    actual: duplicate.accessLevel,
  });
}

/**
 * Read an action's first row: the name from the link in the action cell (or
 * the cell's text when it has no link), a `[permission only]` marker after
 * it, the description and the access level.
 */
function newAction(cell: Element, cells: ActionRow, columns: Set<ActionColumn>, file: VFile): Action | undefined {
  const link = firstLink(cell);
  const cellText = compactText(cell);
  const permissionOnly = PERMISSION_ONLY.test(cellText);
  const name = (link?.text ?? cellText).replace(PERMISSION_ONLY_ALL, '');

  if (!isActionName(name)) {
    report(file, 'warning', 'invalid-action-name', `"${name}" is not a valid action name, so the action's rows were skipped.`, {
      place: cell,
      expected: ['letters, digits, "-" or "_"'],
      actual: name,
    });
    return undefined;
  }

  const action: Action = {
    name,
    description: cells.description ? collapsedText(cells.description.element) : null,
    accessLevel: cells.accessLevel ? parseAccessLevel(collapsedText(cells.accessLevel.element), file, cells.accessLevel.element) : null,
    resourceTypes: columns.has('resourceTypes') ? [] : null,
    conditionKeys: columns.has('conditionKeys') ? [] : null,
    dependentActions: columns.has('dependentActions') ? [] : null,
    sources: [{ file: file.path, line: lineOf(cell) }],
  };
  if (link) action.documentationUrl = link.href;
  if (permissionOnly) action.permissionOnly = true;
  return action;
}

/**
 * Add the rows of an action to it: their resource types, each with the
 * condition keys and dependent actions of its rows, and all the rows' keys
 * and dependent actions to the action's own lists. A resource type named on
 * several rows is listed once, and required when any row requires it (the
 * EC2 page names `image` on seven rows of `RunInstances`). Scenario rows go
 * to `scenarios` instead. A cell that spans several rows is read in its
 * first row only.
 */
function addRows(action: Action, rows: ActionRow[], columns: Set<ActionColumn>): void {
  const resourceTypes = new Map<string, { reference: ActionResourceType; keys: Set<string>; dependentActions: Set<string> }>();
  const keys = new Set<string>();
  const dependentActions = new Set<string>();

  for (const cells of rows) {
    const rowKeys = valuesOf(cells.conditionKeys);
    const rowDependentActions = valuesOf(cells.dependentActions);

    // A "SCENARIO: <name>" row lists the resource types that one way of
    // calling the action needs (Device Farm ScheduleRun, CloudWatch
    // TagResource, EC2 RunInstances). Its `*` means required in that
    // scenario only, so it goes to the action's scenarios, not its list.
    const scenario = scenarioOf(cells);
    if (scenario !== undefined) {
      const references = valuesOf(cells.resourceTypes).map(parseResourceTypeRef).filter((reference) => reference.name);
      action.scenarios = [...(action.scenarios ?? []), { name: scenario, resourceTypes: references }];
      for (const key of rowKeys) keys.add(key);
      for (const dependentAction of rowDependentActions) dependentActions.add(dependentAction);
      continue;
    }

    for (const text of valuesOf(cells.resourceTypes)) {
      const reference = parseResourceTypeRef(text);
      if (!reference.name) continue;

      const known = resourceTypes.get(reference.name);
      if (known) known.reference.required ||= reference.required;
      const entry = known ?? { reference, keys: new Set<string>(), dependentActions: new Set<string>() };
      resourceTypes.set(reference.name, entry);
      for (const key of rowKeys) entry.keys.add(key);
      for (const dependentAction of rowDependentActions) entry.dependentActions.add(dependentAction);
    }

    for (const key of rowKeys) keys.add(key);
    for (const dependentAction of rowDependentActions) dependentActions.add(dependentAction);
  }

  for (const entry of resourceTypes.values()) {
    if (columns.has('conditionKeys')) entry.reference.conditionKeys = sortedUnique(entry.keys);
    if (columns.has('dependentActions')) entry.reference.dependentActions = sortedUnique(entry.dependentActions);
    action.resourceTypes?.push(entry.reference);
  }
  if (action.conditionKeys) action.conditionKeys = sortedUnique(keys);
  if (action.dependentActions) action.dependentActions = sortedUnique(dependentActions);
}

/** Return the scenario name of a "SCENARIO: <name>" row, which AWS writes in the description column, or undefined. */
function scenarioOf(cells: ActionRow): string | undefined {
  if (!cells.description?.first) return undefined;
  return SCENARIO.exec(collapsedText(cells.description.element))?.[1]?.trim();
}

function valuesOf(cell: GridCell | undefined): string[] {
  return cell?.first ? cellValues(cell.element).map((value) => value.text) : [];
}

function readResourceTypes(section: Section | undefined, file: VFile): ResourceType[] {
  const read = section?.table && readHtmlTable(section.table, RESOURCE_COLUMNS, file, 'resource types');
  if (!read) return [];

  const resourceTypes: ResourceType[] = [];
  for (const { cells } of read.rows) {
    const nameCell = cells.name?.first ? cells.name.element : undefined;
    const name = nameCell ? (firstLink(nameCell)?.text ?? collapsedText(nameCell)) : '';
    if (!nameCell || !name) continue;

    resourceTypes.push({
      name,
      arnPattern: cells.arn ? compactText(cells.arn.element) : '',
      conditionKeys: cells.conditionKeys ? sortedUnique(cellValues(cells.conditionKeys.element).map((value) => value.text)) : [],
      sources: [{ file: file.path, line: lineOf(nameCell) }],
    });
  }
  return resourceTypes;
}

function readConditionKeys(section: Section | undefined, file: VFile): ConditionKey[] {
  const read = section?.table && readHtmlTable(section.table, CONDITION_COLUMNS, file, 'condition keys');
  if (!read) return [];

  const keys: ConditionKey[] = [];
  for (const { cells } of read.rows) {
    const nameCell = cells.name?.first ? cells.name.element : undefined;
    const name = nameCell ? (firstLink(nameCell)?.text ?? compactText(nameCell)) : '';
    if (!nameCell || !name) continue;

    keys.push({
      name,
      description: cells.description ? collapsedText(cells.description.element) : null,
      type: cells.type ? collapsedText(cells.type.element) || null : null,
      sources: [{ file: file.path, line: lineOf(nameCell) }],
    });
  }
  return keys;
}
