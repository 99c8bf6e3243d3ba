/**
 * Parse HTML pages into hast syntax trees, with positions.
 *
 * Parsing is the slowest step of reading a reference page, and most of the
 * text of a page is site chrome and the indentation of pretty-printed
 * tables. So a page that has the markers of docs.aws.amazon.com is parsed
 * from its `<h1` to the start of the main column's footer, and the
 * whitespace that only separates tags next to a block or table tag is moved
 * inside the tag before it. Both changes keep the length of the text and the
 * place of every line break, so every node starts at its line, column and
 * offset in the original file.
 */
import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { report } from '../diagnostics.js';

const documentProcessor = unified().use(rehypeParse, { fragment: false }).freeze();
const fragmentProcessor = unified().use(rehypeParse, { fragment: true }).freeze();

/** The start of the footer below the page's content on docs.aws.amazon.com. */
const FOOTER_MARKER = 'id="main-col-footer"';

/** Elements next to which whitespace never separates words, because browsers lay them out as blocks or table parts. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'col', 'colgroup', 'dd', 'div', 'dl', 'dt',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hr', 'html', 'li',
  'main', 'nav', 'ol', 'p', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Elements whose text keeps its whitespace or is not HTML; a region that has one is left as it is. */
const LITERAL_TEXT = /<(?:iframe|listing|noembed|noframes|plaintext|pre|script|style|textarea|xmp)[\s/>]/i;

/** Whitespace as HTML defines it, between the end of one tag and the start of the next. */
const WHITESPACE_BETWEEN_TAGS = />[\t\n\f\r ]+</g;

/**
 * Parse the text of `file` as an HTML document.
 *
 * @param file the page; its `value` is the whole text of the file
 * @returns the tree, with positions in `file`. A page nested too deeply for
 *   the parser gives a `nesting-too-deep` diagnostic on `file` and an empty root.
 */
export function parseHtml(file: VFile): Root {
  const text = String(file.value);
  const region = contentRegion(text);

  try {
    return region ? parseRegion(text, region) : documentProcessor.parse(file);
  } catch (error) {
    // hast-util-from-parse5 (used by rehype-parse) converts the parse5 tree
    // recursively, so some thousands of nested elements exhaust the stack.
    if (!(error instanceof RangeError) || !/call stack/i.test(error.message)) throw error;
    report(file, 'error', 'nesting-too-deep', 'The HTML of the page is nested too deeply to parse, so the page was skipped. Look for elements that are opened again and again without being closed.');
    return { type: 'root', children: [] };
  }
}

/** A part of the text, from `start` (inclusive) to `end` (exclusive). */
export interface Region {
  start: number;
  end: number;
}

/**
 * Find the main content of a docs.aws.amazon.com page: from the first `<h1`
 * to the tag that starts the main column's footer. Returns undefined when
 * either marker is missing, so that the whole page is parsed.
 */
export function contentRegion(text: string): Region | undefined {
  const start = firstHeading(text);
  if (start < 0) return undefined;

  const marker = text.indexOf(FOOTER_MARKER, start);
  if (marker < 0) return undefined;

  const end = text.lastIndexOf('<', marker);
  return end > start ? { start, end } : undefined;
}

/** Return the offset of the first `<h1>` or `<h1 ` tag, or -1. */
function firstHeading(text: string): number {
  for (let index = text.indexOf('<h1'); index >= 0; index = text.indexOf('<h1', index + 3)) {
    if (/[\s>]/.test(text.charAt(index + 3))) return index;
  }
  return text.search(/<h1[\s>]/i);
}

/**
 * Parse `region` of `text` as a fragment. The text before the region is
 * handed to the parser as blanks that keep its line breaks, so that line,
 * column and offset of every node are those of the file, and then dropped.
 * The root's position ends where the region ends.
 */
function parseRegion(text: string, region: Region): Root {
  const blanks = text.slice(0, region.start).replace(/[^\n\r]+/g, (line) => ' '.repeat(line.length));
  const tree = fragmentProcessor.parse(new VFile({ value: blanks + compactWhitespace(text.slice(region.start, region.end)) }));

  // The region starts with a tag, so a first text node holds only the blanks.
  const first = tree.children[0];
  if (first?.type === 'text' && !first.value.trim()) tree.children.shift();
  return tree;
}

/**
 * Move the whitespace between two tags, one of which is a block or table
 * tag, inside the first tag: `<td>\n  <p>` becomes `<td \n ><p>`. The `>`
 * takes the place of the last character of the indentation. So the
 * whitespace no longer makes a text node, and every line break and every
 * character that starts a node keeps its offset. Only an element's end can
 * take in the whitespace after it. About half of a pretty-printed page is
 * such whitespace. A `>` inside a comment or an attribute value may be taken
 * for the end of a tag, which changes no text that the readers use.
 */
export function compactWhitespace(region: string): string {
  if (LITERAL_TEXT.test(region)) return region;

  return region.replace(WHITESPACE_BETWEEN_TAGS, (match: string, offset: number) => {
    // Without indentation after the last line break, the `>` would have to
    // move before that line break and change the columns of the next line.
    const last = match.charCodeAt(match.length - 2);
    if (last === 0x0a || last === 0x0d) return match;

    const before = tagNameEndingAt(region, offset);
    if (!before) return match;

    const after = tagNameAt(region, offset + match.length - 1);
    if (!BLOCK_ELEMENTS.has(before) && !BLOCK_ELEMENTS.has(after)) return match;
    return ' ' + match.slice(1, -2) + '><';
  });
}

/** Return the lower-case name of the tag that starts at `index` (`<p` or `</p`), or ''. */
function tagNameAt(text: string, index: number): string {
  let nameStart = index + 1;
  if (text.charCodeAt(nameStart) === 0x2f /* / */) nameStart++;

  let nameEnd = nameStart;
  while (nameEnd < text.length && isTagNameCode(text.charCodeAt(nameEnd), nameEnd === nameStart)) nameEnd++;
  return text.slice(nameStart, nameEnd).toLowerCase();
}

/**
 * Return the lower-case name of the tag whose `>` is at `index`, or '' when
 * that `>` ends no tag, ends a comment, or ends a self-closing tag (`/>`,
 * where whitespace must not come between `/` and `>`).
 */
function tagNameEndingAt(text: string, index: number): string {
  if (text.charCodeAt(index - 1) === 0x2f /* / */) return '';
  const tagStart = text.lastIndexOf('<', index);
  if (tagStart < 0 || text.indexOf('>', tagStart) !== index) return '';
  return tagNameAt(text, tagStart);
}

/** True for ASCII letters, and for digits and `-` after the first character. */
function isTagNameCode(code: number, first: boolean): boolean {
  const letter = (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  return letter || (!first && ((code >= 0x30 && code <= 0x39) || code === 0x2d));
}
