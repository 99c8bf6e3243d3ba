/**
 * The Markdown dialect of 2017-12 to 2018-03: "Actions and Condition Context
 * Keys for X", with the actions and the condition keys as bullet lists under
 * bold captions. These pages give no descriptions, access levels, resource
 * types or per-action condition keys, so those fields are null (unknown).
 *
 * An item is a code span holding either the action (`` `a4b:CreateRoom` ``)
 * or a whole Markdown link (`` `[a4b:CreateRoom](https://...)` ``). Inside a
 * code span Markdown is not parsed, so the link and its backslash escapes
 * are read here.
 */
import type { List, ListItem, Root } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import type { Action, ConditionKey } from '../model/types.js';
import type { MarkdownReader } from './dialects.js';
import { isActionName } from './fields.js';
import { pageTitle, servicePrefix } from './markdown-page.js';
import { lineOf, nodeText } from './mdast-text.js';
import type { PageContent } from './types.js';

const TITLE = /^actions\s+and\s+condition\s+context\s+keys\s+for\s+(.+)$/i;
const ACTIONS_CAPTION = /^actions for\b/i;
const KEYS_CAPTION = /^condition context keys for\b/i;
const PERMISSION_ONLY = /permission only/i;

export const legacyListReader: MarkdownReader = {
  dialect: 'legacy-list',
  syntax: 'markdown',
  detect(tree) {
    const title = pageTitle(tree);
    return title !== undefined && TITLE.test(title.text);
  },
  extract,
};

function extract(tree: Root, file: VFile): PageContent {
  const titleText = pageTitle(tree)?.text ?? '';
  const prefix = servicePrefix(tree);
  const actions = new Map<string, Action>();
  const conditionKeys = new Map<string, ConditionKey>();
  let list: 'actions' | 'keys' | undefined;
  let sawActions = false;

  for (const node of tree.children) {
    if (node.type === 'paragraph' || node.type === 'heading') {
      const text = nodeText(node);
      if (ACTIONS_CAPTION.test(text)) list = 'actions';
      else if (KEYS_CAPTION.test(text)) list = 'keys';
      continue;
    }
    if (node.type !== 'list' || !list) continue;

    if (list === 'actions') {
      sawActions = true;
      readActions(node, prefix, file, actions);
    } else {
      readConditionKeys(node, file, conditionKeys);
    }
  }

  return {
    dialect: 'legacy-list',
    title: titleText,
    serviceName: TITLE.exec(titleText)?.[1]?.trim() ?? titleText,
    prefix,
    actionsTable: sawActions ? 'present' : 'absent',
    actions: [...actions.values()],
    resourceTypes: [],
    conditionKeys: [...conditionKeys.values()],
  };
}

/** Read the code span of a list item: its text with escapes resolved, and the link target if it holds a link. */
function readItem(item: ListItem): { text: string; url?: string; rest: string } | undefined {
  const paragraph = item.children.find((child) => child.type === 'paragraph');
  if (!paragraph) return undefined;
  const code = paragraph.children.find((child) => child.type === 'inlineCode');
  if (!code) return undefined;

  const rest = paragraph.children
    .filter((child) => child !== code)
    .map((child) => nodeText(child))
    .join(' ');
  const link = /^\[(.*)\]\((.*)\)$/.exec(code.value.trim());
  if (link?.[1] !== undefined) {
    const url = unescape(link[2] ?? '').trim();
    return url ? { text: unescape(link[1]).trim(), url, rest } : { text: unescape(link[1]).trim(), rest };
  }
  return { text: unescape(code.value).trim(), rest };
}

function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

function readActions(list: List, prefix: string | null, file: VFile, actions: Map<string, Action>): void {
  for (const item of list.children) {
    const read = readItem(item);
    const separator = read ? read.text.indexOf(':') : -1;
    if (!read || separator < 0) {
      report(file, 'warning', 'invalid-action-name', 'A bullet of the actions list is not a `prefix:Action` code span, so it was skipped.', {
        place: item,
        expected: ['`prefix:Action`'],
        actual: nodeText(item),
      });
      continue;
    }

    const itemPrefix = read.text.slice(0, separator);
    const name = read.text.slice(separator + 1);
    if (!isActionName(name)) {
      report(file, 'warning', 'invalid-action-name', `"${name}" is not a valid action name, so the bullet was skipped.`, { place: item, actual: read.text });
      continue;
    }
    if (prefix !== null && itemPrefix.toLowerCase() !== prefix.toLowerCase()) {
      report(file, 'warning', 'prefix-mismatch', `Action ${read.text} has another prefix than the page's service prefix "${prefix}"; it is kept under "${prefix}".`, {
        place: item,
        expected: [prefix],
        actual: itemPrefix,
      });
    }
    if (actions.has(name)) {
      report(file, 'warning', 'duplicate-action', `Action ${name} is listed more than once.`, { place: item, actual: name });
      continue;
    }

    const action: Action = {
      name,
      description: null,
      accessLevel: null,
      resourceTypes: null,
      conditionKeys: null,
      dependentActions: null,
      sources: [{ file: file.path, line: lineOf(item) }],
    };
    if (read.url) action.documentationUrl = read.url;
    // "`ssm:ListInstanceAssociations` - this is an IAM policy permission only, not an API action".
    if (PERMISSION_ONLY.test(read.rest)) action.permissionOnly = true;
    actions.set(name, action);
  }
}

function readConditionKeys(list: List, file: VFile, keys: Map<string, ConditionKey>): void {
  for (const item of list.children) {
    const read = readItem(item);
    if (!read) {
      report(file, 'warning', 'invalid-condition-key', 'A bullet of the condition keys list has no code span, so it was skipped.', {
        place: item,
        actual: nodeText(item),
      });
      continue;
    }
    // The Amazon RDS page of 2018 lists `Piops` without its prefix; it is kept as written.
    if (!read.text.includes(':')) {
      report(file, 'warning', 'invalid-condition-key', `Condition key "${read.text}" has no service prefix; it is kept as written.`, {
        place: item,
        expected: ['`prefix:key`'],
        actual: read.text,
      });
    }
    if (keys.has(read.text)) continue;
    keys.set(read.text, { name: read.text, description: null, type: null, sources: [{ file: file.path, line: lineOf(item) }] });
  }
}
