/**
 * The Markdown rendering of today's reference ("markdown-list"): the title
 * "Actions, resources, and condition keys for X" followed by an `<a name>`
 * anchor on a line of its own, and the actions as nested bullet lists:
 *
 *     - **   [CreateRegistry](https://...)  **
 *       - **Description:** Grants permission to create a new registry
 *       - **Resource types (\*required):** [registry\*](#...) / **Condition keys:** [aws:ResourceTag/${TagKey}](#...)
 *       - **Condition keys:** [aws:RequestTag/${TagKey}](#...)<br />[aws:TagKeys](#...)
 *       - **Access level:** Write
 *
 * Each "Resource types" line names one resource type. Condition keys written
 * after " / " on that line belong to that resource type, while a "Condition
 * keys" line of its own belongs to the action. The bold around the
 * action name has spaces inside, so Markdown leaves the asterisks as text.
 * Some pages use GFM tables instead of lists for the actions, and every page
 * uses them for resource types and condition keys. Pages may start with YAML
 * front matter.
 */
import type { List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import type { Action, ActionsTableState, ConditionKey, Dialect, Operation, ResourceType } from '../model/types.js';
import type { MarkdownReader } from './dialects.js';
import { parseAccessLevel } from './fields.js';
import { findSection, pageTitle, type Section, sections, servicePrefix } from './markdown-page.js';
import {
  type ActionRow,
  addOperationActions,
  asParagraph,
  combineRows,
  containsHtml,
  documentationUrl,
  dropDuplicateActions,
  firstTable,
  headerBase,
  isAnchorNode,
  names,
  normalizeHeader,
  readActionsTable,
  readConditionKeysTable,
  readOperationsTable,
  readResourceTypesTable,
  resourceTypeRefs,
  sourceOf,
  withoutFrontMatter,
} from './markdown-sections.js';
import { firstLink, nodeText } from './mdast-text.js';
import { checkReferences } from './references.js';
import type { PageContent } from './types.js';

const TITLE = /^actions,\s+resources,\s+and\s+condition\s+keys\s+for\s+(.+)$/i;
const OPERATIONS_SECTION = /^api operations defined by\b/i;
const ACTIONS_SECTION = /^actions defined by\b/i;
const PERMISSION_ONLY_SECTION = /^permission-only actions\b/i;
const RESOURCE_TYPES_SECTION = /^resource types defined by\b/i;
const CONDITION_KEYS_SECTION = /^condition keys for\b/i;
const PLACEHOLDER = /see the aws documentation website for more details/i;
/** "AWS Support Console has no API operations that can be used in the `Actions` element ..." */
const NONE = /\bhas no\b/i;
const PERMISSION_ONLY_MARK = /\s*\[permission only\]\s*/i;
const FIELD_LABELS = new Set(['description', 'resource types', 'condition keys', 'dependent actions', 'access level']);

export const markdownListReader: MarkdownReader = {
  dialect: 'markdown-list',
  syntax: 'markdown',
  detect: detectMarkdownList,
  extract: (tree, file) => extractModernPage(tree, file, 'markdown-list'),
};

/**
 * True for a page of today's Markdown rendering: the reference title with no
 * anchor inside the heading (the 2018-2020 pages put `<a name>` there),
 * followed by an anchor of its own or by bullet lists of labelled fields.
 */
function detectMarkdownList(tree: Root, file: VFile): boolean {
  const root = withoutFrontMatter(tree, file);
  const index = root.children.findIndex((node) => node.type === 'heading' && node.depth === 1);
  const heading = root.children[index];
  if (!heading || heading.type !== 'heading') return false;
  if (!TITLE.test(nodeText(heading)) || containsHtml(heading)) return false;

  return isAnchorNode(root.children[index + 1]) || root.children.some((node) => node.type === 'list' && node.children.some(isActionItem));
}

/**
 * Read a page of today's reference, in either Markdown rendering: actions
 * and API operations as bullet lists or GFM tables, resource types and
 * condition keys as GFM tables. Problems become diagnostics on `file`.
 */
export function extractModernPage(tree: Root, file: VFile, dialect: Dialect): PageContent {
  const root = withoutFrontMatter(tree, file);
  const titleText = pageTitle(root)?.text ?? '';
  const all = sections(root);

  const operationsSection = findSection(all, OPERATIONS_SECTION);
  const actionsSection = findSection(all, ACTIONS_SECTION);
  const permissionOnlySection = findSection(all, PERMISSION_ONLY_SECTION);
  const resourceTypesSection = findSection(all, RESOURCE_TYPES_SECTION);
  const conditionKeysSection = findSection(all, CONDITION_KEYS_SECTION);

  const api = readActionsSection(actionsSection, file, false);
  const permissionOnly = readActionsSection(permissionOnlySection, file, true);
  const actions = withPageDependentActions(dropDuplicateActions([...api.actions, ...permissionOnly.actions], file));

  const content: PageContent = {
    dialect,
    title: titleText,
    serviceName: TITLE.exec(titleText)?.[1]?.trim() ?? titleText,
    prefix: servicePrefix(root),
    actionsTable: tableState(api.state, permissionOnly.state),
    actions,
    resourceTypes: readResourceTypes(resourceTypesSection, file),
    conditionKeys: readConditionKeys(conditionKeysSection, file),
  };
  if (operationsSection) content.operations = readOperations(operationsSection, file);

  checkReferences(content, file);
  return content;
}

// ---------------------------------------------------------------------------
// Sections

type SectionState = 'listed' | 'placeholder' | 'none' | 'missing' | 'absent';

function readActionsSection(section: Section | undefined, file: VFile, permissionOnly: boolean): { state: SectionState; actions: Action[] } {
  if (!section) return { state: 'absent', actions: [] };

  const table = firstTable(section.children);
  if (table) return { state: 'listed', actions: readActionsTable(table, file, { permissionOnly }) };

  const items = listItems(section.children).filter(isActionItem);
  if (items.length > 0) {
    const actions = items.map((item) => readActionItem(item, file, permissionOnly));
    return { state: 'listed', actions };
  }

  if (section.children.some((node) => PLACEHOLDER.test(nodeText(node)))) return { state: 'placeholder', actions: [] };
  if (section.children.some((node) => node.type === 'paragraph' && NONE.test(nodeText(node)))) return { state: 'none', actions: [] };

  report(file, 'warning', 'actions-table-missing', `The section "${section.title}" has no table or list of actions, and does not say that there are none.`, {
    place: section.heading,
    expected: ['a table whose first column is "Actions"', 'a bullet list of actions'],
  });
  return { state: 'missing', actions: [] };
}

/**
 * Return 'present' when either actions section has a table or list, so a
 * page whose only actions are permission-only ones is present too.
 */
function tableState(api: SectionState, permissionOnly: SectionState): ActionsTableState {
  if (api === 'listed' || permissionOnly === 'listed') return 'present';
  if (api === 'placeholder') return 'placeholder';
  return 'absent';
}

function readResourceTypes(section: Section | undefined, file: VFile): ResourceType[] {
  const table = section && firstTable(section.children);
  return table ? readResourceTypesTable(table, file) : [];
}

function readConditionKeys(section: Section | undefined, file: VFile): ConditionKey[] {
  const table = section && firstTable(section.children);
  return table ? readConditionKeysTable(table, file) : [];
}

function readOperations(section: Section, file: VFile): Operation[] {
  const table = firstTable(section.children);
  if (table) return readOperationsTable(table, file);

  return listItems(section.children)
    .filter(isActionItem)
    .map((item) => readOperationItem(item, file));
}

/**
 * Give every action an empty list of dependent actions when any action of
 * the page has a "Dependent actions" field or column. Otherwise the page
 * gives no dependent actions at all, and the lists stay null (unknown).
 */
function withPageDependentActions(actions: Action[]): Action[] {
  if (!actions.some((action) => action.dependentActions !== null)) return actions;
  return actions.map((action) => (action.dependentActions === null ? { ...action, dependentActions: [] } : action));
}

// ---------------------------------------------------------------------------
// Bullet lists of labelled fields

/** One "**Label:** value" part of a line. A line may contain several, joined by " / ". */
interface Field {
  /** The normalized label without its colon and suffix, such as "resource types". */
  name: string;
  /** The nodes after the label, up to the next label, as a paragraph. */
  value: Paragraph;
}

function listItems(nodes: RootContent[]): ListItem[] {
  return nodes.filter((node): node is List => node.type === 'list').flatMap((list) => list.children);
}

/** True for a list item that names an action or an operation: its first paragraph is not a field. */
function isActionItem(item: ListItem): boolean {
  const head = item.children[0];
  return head?.type === 'paragraph' && fieldsOf(head).length === 0 && item.children.some((child) => child.type === 'list');
}

/** Return the fields of a list item's first paragraph, or none when it does not start with a label. */
function itemFields(item: ListItem): Field[] {
  const head = item.children[0];
  return head?.type === 'paragraph' ? fieldsOf(head) : [];
}

/**
 * Split a paragraph at its bold labels ("**Access level:**"). Text before
 * the first label means the paragraph is no field line, so none is returned.
 */
function fieldsOf(paragraph: Paragraph): Field[] {
  const fields: Array<{ name: string; nodes: PhrasingContent[] }> = [];
  for (const child of paragraph.children) {
    const label = child.type === 'strong' ? nodeText(child) : '';
    if (label.endsWith(':')) {
      fields.push({ name: headerBase(normalizeHeader(label)), nodes: [] });
      continue;
    }
    const current = fields.at(-1);
    if (current) current.nodes.push(child);
    else if (nodeText(child) !== '') return [];
  }
  return fields.map(({ name, nodes }) => ({ name, value: asParagraph(withoutSeparator(nodes)) }));
}

/** Remove the " / " that joins a field to the next label on the same line. */
function withoutSeparator(nodes: PhrasingContent[]): PhrasingContent[] {
  const last = nodes.at(-1);
  if (last?.type !== 'text' || !/\s\/\s*$/.test(last.value)) return nodes;

  const trimmed: Text = { ...last, value: last.value.replace(/\s+\/\s*$/, '') };
  return [...nodes.slice(0, -1), trimmed];
}

/** Return the text of an item's name line without the literal `**` around it or a "[permission only]" mark. */
function itemName(head: Paragraph): string {
  const link = firstLink(head);
  const text = link?.text ?? nodeText(head);
  return text
    .replace(/^[\s*]+|[\s*]+$/g, '')
    .replace(PERMISSION_ONLY_MARK, '')
    .trim();
}

function readActionItem(item: ListItem, file: VFile, permissionOnly: boolean): Action {
  const head = item.children[0] as Paragraph;
  let action: Action = {
    name: itemName(head),
    description: null,
    accessLevel: null,
    resourceTypes: [],
    conditionKeys: [],
    dependentActions: null,
    sources: [sourceOf(file, item)],
  };

  const link = firstLink(head);
  const url = link ? documentationUrl(link.url, file, head) : undefined;
  if (url) action.documentationUrl = url;
  if (permissionOnly || PERMISSION_ONLY_MARK.test(nodeText(head))) action.permissionOnly = true;

  const rows: ActionRow[] = [];
  for (const child of listItems(item.children)) {
    // A "Resource types" field starts a row; condition keys and dependent
    // actions after it on the same line belong to that row.
    let row: ActionRow | undefined;
    for (const field of itemFields(child)) {
      switch (field.name) {
        case 'description':
          action = { ...action, description: nodeText(field.value) };
          break;
        case 'access level':
          action = { ...action, accessLevel: parseAccessLevel(nodeText(field.value), file, child) };
          break;
        case 'resource types':
          row = { resourceTypes: resourceTypeRefs(field.value), conditionKeys: [], dependentActions: null };
          rows.push(row);
          break;
        case 'condition keys':
          if (row) row.tied = true;
          else rows.push((row = { resourceTypes: [], conditionKeys: [], dependentActions: null }));
          row.conditionKeys.push(...names(field.value));
          break;
        case 'dependent actions':
          if (row) row.tied = true;
          else rows.push((row = { resourceTypes: [], conditionKeys: [], dependentActions: null }));
          row.dependentActions = [...(row.dependentActions ?? []), ...names(field.value)];
          break;
        default:
          reportUnknownField(file, child, field.name, [...FIELD_LABELS]);
      }
    }
  }
  return combineRows(action, rows);
}

function readOperationItem(item: ListItem, file: VFile): Operation {
  const head = item.children[0] as Paragraph;
  const operation: Operation = { name: itemName(head), actions: [], sources: [sourceOf(file, item)] };

  for (const child of listItems(item.children)) {
    for (const field of itemFields(child)) {
      // "SDK client", "Condition key", "Possible value(s)" and "Access level"
      // describe the call, not the mapping, so the model leaves them out.
      if (field.name === 'iam action') addOperationActions(operation, names(field.value));
    }
  }
  return operation;
}

function reportUnknownField(file: VFile, place: ListItem, name: string, expected: string[]): void {
  report(file, 'info', 'unknown-field', `The action field "${name}" is not one the reader knows, so it was ignored.`, { place, expected, actual: name });
}
