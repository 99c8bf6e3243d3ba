/**
 * Text and values of hast nodes, as the HTML reader needs them. The archived
 * pages are pretty-printed with one tag or text per line, so text nodes carry
 * line breaks and indentation that are not part of the content. Every walk
 * here uses an explicit stack, because a page can nest elements thousands
 * deep.
 */
import type { Element, Nodes, Root, Text } from 'hast';
import type { Point, Position } from 'unist';

/** Elements that end a word: browsers lay them out as blocks or lines of their own. */
const WORD_BREAKING = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'section', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** One value of a cell: a link, or a word of text outside links. */
export interface CellValue {
  text: string;
  /** The link target, for values that are links. */
  href?: string;
  position?: Position | undefined;
}

/** True when `node` is an element, and has the tag name `tagName` when one is given. */
export function isElement(node: Nodes | undefined, tagName?: string): node is Element {
  return node?.type === 'element' && (tagName === undefined || node.tagName === tagName);
}

/** Return the value of attribute `name` (a hast property name such as `href`) as a string, or undefined. */
export function attribute(element: Element, name: string): string | undefined {
  const value = element.properties[name];
  if (value === undefined || value === null || value === false) return undefined;
  return Array.isArray(value) ? value.join(' ') : String(value);
}

/** Return the text of `node` as a browser shows it: block boundaries and `<br>` become spaces, and whitespace is collapsed. */
export function collapsedText(node: Nodes): string {
  return rawText(node).replace(/\s+/g, ' ').trim();
}

/**
 * Return the text of `node` without any whitespace, for values that never
 * contain a space: action names, ARN patterns and condition keys (resource
 * type names can: "bot alias"). Pretty-printing breaks an ARN pattern onto several lines
 * at the `<span>{</span>` that the site wraps around each `{`.
 */
export function compactText(node: Nodes): string {
  return rawText(node).replace(/\s+/g, '');
}

function rawText(node: Nodes): string {
  // Most cells hold one text node; the walk below is for the others.
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && node.children.length === 1 && node.children[0]!.type === 'text') return node.children[0]!.value;

  const parts: string[] = [];
  const stack: Array<Nodes | typeof WORD_BREAK> = [node];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item === WORD_BREAK) {
      parts.push(' ');
    } else if (item.type === 'text') {
      parts.push(item.value);
    } else if (item.type === 'element' || item.type === 'root') {
      if (item.type === 'element' && WORD_BREAKING.has(item.tagName)) {
        parts.push(' ');
        stack.push(WORD_BREAK);
      }
      pushChildren(stack, item);
    }
  }
  return parts.join('');
}

/** A marker on a walk's stack: a word ends here. */
const WORD_BREAK = Symbol('word break');

/** Push the children of `parent` on a walk's stack, last child first, so that they pop in document order. */
export function pushChildren<T>(stack: Array<Nodes | T>, parent: Element | Root): void {
  for (let index = parent.children.length - 1; index >= 0; index--) stack.push(parent.children[index]!);
}

/**
 * Split a table cell into its values. The pages put each resource type,
 * condition key or dependent action in a `<p>` of its own, mostly as a link.
 * A link is one value. Text outside links is split at whitespace, `<br>` and
 * block boundaries.
 */
export function cellValues(cell: Element): CellValue[] {
  const values: CellValue[] = [];
  let word = '';
  let wordStart: Point | undefined;

  const endWord = (end: Point | undefined): void => {
    if (word) values.push({ text: word, position: wordStart && { start: wordStart, end: end ?? wordStart } });
    word = '';
    wordStart = undefined;
  };

  if (cell.children.length === 0) return values;

  const stack: Array<Nodes | typeof WORD_BREAK> = [];
  pushChildren(stack, cell);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item === WORD_BREAK) {
      endWord(undefined);
    } else if (item.type === 'text') {
      for (const match of item.value.matchAll(/\S+|\s+/g)) {
        if (/\s/.test(match[0])) {
          endWord(pointIn(item, match.index));
          continue;
        }
        if (!word) wordStart = pointIn(item, match.index);
        word += match[0];
      }
    } else if (item.type === 'element' && item.tagName === 'a' && attribute(item, 'href') !== undefined) {
      endWord(undefined);
      // A link is one value even with spaces inside: resource types such as
      // "bot alias" (Amazon Lex V2) or "stream group" (GameLift Streams).
      const text = collapsedText(item);
      if (text) values.push({ text, href: attribute(item, 'href')!, position: item.position });
    } else if (item.type === 'element') {
      if (WORD_BREAKING.has(item.tagName)) {
        endWord(undefined);
        stack.push(WORD_BREAK);
      }
      pushChildren(stack, item);
    }
  }
  endWord(undefined);
  return values;
}

/**
 * Return the point of character `index` of a text node. When the source text
 * has another length than the value, as with a character reference such as
 * `&lt;` or with CR LF line endings, offsets inside it are unknown, so the
 * node's start is returned.
 */
function pointIn(text: Text, index: number): Point | undefined {
  const start = text.position?.start;
  const end = text.position?.end;
  if (!start || start.offset === undefined || end?.offset === undefined) return start;
  if (end.offset - start.offset !== text.value.length) return start;

  const before = text.value.slice(0, index);
  const lineBreak = before.lastIndexOf('\n');
  if (lineBreak < 0) return { line: start.line, column: start.column + index, offset: start.offset + index };

  let lines = 0;
  for (let at = before.indexOf('\n'); at >= 0; at = before.indexOf('\n', at + 1)) lines++;
  return { line: start.line + lines, column: index - lineBreak, offset: start.offset + index };
}

/** Return the first link (an `a` with an `href`) in `node` that has text, or undefined. */
export function firstLink(node: Element): { text: string; href: string; element: Element } | undefined {
  const stack: Nodes[] = [];
  pushChildren(stack, node);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (item.type !== 'element') continue;
    const href = item.tagName === 'a' ? attribute(item, 'href') : undefined;
    if (href !== undefined) {
      const text = collapsedText(item);
      if (text) return { text, href, element: item };
    }
    pushChildren(stack, item);
  }
  return undefined;
}

/** Return the 1-based line where a node starts, or 1 when the node has no position. */
export function lineOf(node: { position?: Position | undefined }): number {
  return node.position?.start.line ?? 1;
}
