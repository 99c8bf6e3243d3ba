/**
 * Text of Markdown syntax-tree nodes, as the extractors of every Markdown
 * dialect need it. remark has already resolved backslash escapes (`\-`,
 * `\(`, `$\{Partition\}`) into plain text nodes, so nothing here unescapes.
 */
import type { Nodes, PhrasingContent, RootContent } from 'mdast';
import type { Position } from 'unist';

/** One value of a cell: a link, a code span or a word of plain text. */
export interface CellItem {
  text: string;
  /** The link target, for items that are links. */
  url?: string;
  position?: Position | undefined;
}

const BREAK = /^<br\s*\/?>$/i;

/**
 * Inline HTML that is markup (anchors, emphasis) and is dropped from text.
 * Anything else that Markdown reads as HTML is a placeholder in prose, as in
 * "?Marker=<MARKER>&MaxItems=<MAX_ITEMS>" on the CloudFront page of 2018, and
 * stays in the text.
 */
const MARKUP = /^<\/?(?:a|b|i|em|strong|code|span|p|div|sup|sub|u|br|img)\b[^>]*>$/i;

/** True for an inline HTML node that is a line break (`<br>`, `<br/>`, `<br />`). */
export function isBreak(node: Nodes): boolean {
  return node.type === 'html' && BREAK.test(node.value.trim());
}

/**
 * Return the text of a node with whitespace collapsed. Line breaks written as
 * `<br>` become spaces; HTML markup (such as `<a name="...">` anchors) is
 * dropped, and other text in angle brackets is kept.
 */
export function nodeText(node: Nodes): string {
  return collectText(node).replace(/\s+/g, ' ').trim();
}

function collectText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'html':
      if (BREAK.test(node.value.trim())) return ' ';
      return MARKUP.test(node.value.trim()) ? '' : node.value;
    case 'break':
      return ' ';
    default:
      return 'children' in node ? (node.children as Nodes[]).map(collectText).join('') : '';
  }
}

/**
 * Split a cell into its values. A link or code span is one value; plain text
 * between them is split at whitespace and `<br>`, because the tables separate
 * several resource types, condition keys or dependent actions that way.
 */
export function cellItems(node: Nodes): CellItem[] {
  const items: CellItem[] = [];
  collectItems(node, items);
  return items;
}

function collectItems(node: Nodes, items: CellItem[]): void {
  switch (node.type) {
    case 'link': {
      const text = nodeText(node);
      if (text) items.push({ text, url: node.url, position: node.position });
      return;
    }
    case 'inlineCode': {
      const text = node.value.trim();
      if (text) items.push({ text, position: node.position });
      return;
    }
    case 'text':
      for (const word of node.value.split(/\s+/)) {
        if (word) items.push({ text: word, position: node.position });
      }
      return;
    case 'html':
    case 'break':
      return;
    default:
      if ('children' in node) {
        for (const child of node.children as Array<RootContent | PhrasingContent>) collectItems(child, items);
      }
  }
}

/** Return the first link in a node, depth first, or undefined. */
export function firstLink(node: Nodes): { text: string; url: string; position?: Position | undefined } | undefined {
  if (node.type === 'link') return { text: nodeText(node), url: node.url, position: node.position };
  if (!('children' in node)) return undefined;
  for (const child of node.children as Nodes[]) {
    const link = firstLink(child);
    if (link) return link;
  }
  return undefined;
}

/** Return the 1-based line where a node starts, or 1 when the node has no position. */
export function lineOf(node: { position?: Position | undefined }): number {
  return node.position?.start.line ?? 1;
}
