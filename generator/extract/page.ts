/**
 * Read one page from its bytes: decode, parse with the syntax its content
 * shows, detect the dialect and extract its rows. Every problem becomes a
 * diagnostic; nothing here throws for bad input, so one bad page never stops
 * the others.
 */
import { createHash } from 'node:crypto';
import { VFile } from 'vfile';
import { type Diagnostic, diagnosticsOf, report } from '../diagnostics.js';
import { parseHtml } from '../parse/html.js';
import { parseMarkdown } from '../parse/markdown.js';
import type { PageRecord } from '../model/types.js';
import { HTML_READERS, MARKDOWN_READERS } from './dialects.js';
import type { PageContent } from './types.js';

/**
 * Pages larger than this are rejected unread. The largest real page, Amazon
 * EC2 in HTML with the site chrome, is 2.2 MB (2026).
 */
export const MAX_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * Markdown pages larger than this are rejected unread. The largest real
 * Markdown page is 141 kB; remark needs about 300 bytes of memory per byte of
 * a large table, so a 15 MB page would exhaust the heap.
 */
export const MAX_MARKDOWN_BYTES = 2 * 1024 * 1024;

export interface PageSource {
  /** Path relative to the docs folder, with `/` separators. */
  file: string;
  bytes: Uint8Array;
}

export interface PageResult {
  /** The page as the model records it; null when the page could not be read as a reference page. */
  page: PageRecord | null;
  content: PageContent | null;
  diagnostics: Diagnostic[];
}

/** The start of a whole HTML document, read as HTML whatever the file is named. */
const HTML_DOCUMENT_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[^]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i;

/**
 * Return whether to read `text` as HTML: the file is named `.html` or
 * `.htm`, or it is a whole HTML document (a doctype or an `<html>` tag,
 * after an XML declaration or comments). A Markdown page may start with
 * HTML of its own, such as a comment or an anchor, so for other names a tag
 * at the start does not decide.
 */
function isHtml(text: string, file: string): boolean {
  return /\.html?$/i.test(file) || HTML_DOCUMENT_START.test(text.slice(0, 4096));
}

/** Return the SHA-256 of `bytes` as lower-case hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Read one page. Bad input becomes diagnostics, and an exception inside a
 * reader becomes a `reader-failed` error, so the caller can go on with the
 * other pages.
 */
export function extractPage(source: PageSource): PageResult {
  const file = new VFile({ path: source.file });
  const digest = sha256(source.bytes);

  const text = decode(source.bytes, file);
  if (text === null) return { page: null, content: null, diagnostics: diagnosticsOf(file) };
  file.value = text;

  let content: PageContent | null = null;
  try {
    content = isHtml(text, source.file) ? readHtml(file) : readMarkdown(file);
  } catch (error) {
    // A reader bug must not stop the other pages; the message names the page.
    report(file, 'error', 'reader-failed', `Reading the page failed: ${error instanceof Error ? error.message : String(error)}. Please report this with the page attached.`);
    content = null;
  }

  if (content && content.prefix === null) {
    report(file, 'warning', 'missing-service-prefix', 'The page has no "(service prefix: `...`)" sentence, so its rows cannot be given to a service and are skipped.', {
      expected: ['a sentence such as "Amazon Chime (service prefix: `chime`) provides ..."'],
    });
  }

  const page: PageRecord | null = content
    ? { file: source.file, title: content.title, sha256: digest, dialect: content.dialect, actionsTable: content.actionsTable }
    : null;
  return { page, content, diagnostics: diagnosticsOf(file) };
}

function decode(bytes: Uint8Array, file: VFile): string | null {
  if (bytes.byteLength === 0) {
    report(file, 'warning', 'empty-page', 'The page is empty.');
    return null;
  }
  if (bytes.byteLength > MAX_PAGE_BYTES) {
    report(file, 'error', 'page-too-large', `The page is ${bytes.byteLength} bytes, more than the limit of ${MAX_PAGE_BYTES} bytes, so it was not read.`);
    return null;
  }
  if (bytes.subarray(0, 8192).includes(0)) {
    report(file, 'error', 'binary-file', 'The file contains NUL bytes, so it is binary data, not a reference page.');
    return null;
  }

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    report(file, 'error', 'invalid-utf8', `The file is not valid UTF-8 (first invalid byte at offset ${offset}). Save the page as UTF-8.`, {
      place: pointAt(bytes, offset),
    });
    return null;
  }

  if (text.charCodeAt(0) === 0xfeff) {
    report(file, 'info', 'byte-order-mark', 'The page starts with a byte order mark; it was ignored.');
    text = text.slice(1);
  }
  return text;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.byteLength;
  // Binary search for the shortest prefix that fails to decode. Streaming
  // mode accepts a sequence cut off at the end of the prefix.
  while (low < high) {
    const middle = (low + high) >>> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle + 1), { stream: true });
      low = middle + 1;
    } catch {
      high = middle;
    }
  }
  return leadByteOf(bytes, low);
}

/**
 * Return the offset of the byte to fix for a decoding failure at `offset`.
 * When that byte cuts short a sequence that started earlier (as "r" does
 * after the Latin-1 "é" 0xE9), the lead byte of the sequence is returned.
 */
function leadByteOf(bytes: Uint8Array, offset: number): number {
  let lead = offset - 1;
  while (lead >= 0 && offset - lead < 4 && (bytes[lead]! & 0xc0) === 0x80) lead--;
  if (lead < 0) return offset;

  const byte = bytes[lead]!;
  let length = 1;
  if (byte >= 0xf0) length = 4;
  else if (byte >= 0xe0) length = 3;
  else if (byte >= 0xc0) length = 2;
  return lead + length > offset ? lead : offset;
}

/** Return the line and column (both 1-based, column in bytes) of a byte offset. */
function pointAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < offset && index < bytes.byteLength; index++) {
    if (bytes[index] === 0x0a) {
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Limit on the nesting of lists and block quotes in a Markdown page. remark's
 * time grows faster than linearly with list depth (seconds at 400 levels,
 * minutes at 3,000); real reference pages nest at most three levels.
 */
export const MAX_MARKDOWN_NESTING = 100;

/**
 * Estimate the nesting depth of each line from its leading `>` markers and,
 * for list items, its indentation, and return the deepest line, or undefined
 * when no line is deeper than the limit.
 */
function tooDeepLine(text: string): { line: number; depth: number } | undefined {
  // A line's container prefix: indentation, `>` markers and list markers
  // followed by a space ("- - - x" nests three lists on one line).
  for (const match of text.matchAll(/^(?:[ \t>]|(?:[-+*]|\d{1,9}[.)])[ \t])*/gm)) {
    const prefix = match[0];
    if (prefix.length < MAX_MARKDOWN_NESTING) continue;
    const quotes = prefix.split('>').length - 1;
    const markers = prefix.match(/(?<![^ \t>])(?:[-+*]|\d{1,9}[.)])(?=[ \t])/g)?.length ?? 0;
    const indentation = prefix.replace(/[^ \t]/g, '').replace(/\t/g, '    ').length;
    // Nested items indent by at least two columns a level; "- - x" nests without indenting.
    const depth = quotes + (markers > 0 ? Math.max(markers, Math.floor(indentation / 2)) : 0);
    if (depth > MAX_MARKDOWN_NESTING) return { line: text.slice(0, match.index).split('\n').length, depth };
  }
  return undefined;
}

function readMarkdown(file: VFile): PageContent | null {
  const size = Buffer.byteLength(String(file.value));
  if (size > MAX_MARKDOWN_BYTES) {
    report(file, 'error', 'page-too-large', `The Markdown page is ${size} bytes, more than the limit of ${MAX_MARKDOWN_BYTES} bytes for Markdown, so it was not read.`);
    return null;
  }

  const deep = tooDeepLine(String(file.value));
  if (deep) {
    report(file, 'error', 'nesting-too-deep', `The page nests lists or block quotes about ${deep.depth} levels deep, more than the limit of ${MAX_MARKDOWN_NESTING}, so it was not read.`, {
      place: { line: deep.line, column: 1 },
    });
    return null;
  }

  const tree = parseMarkdown(file);
  const reader = MARKDOWN_READERS.find((candidate) => candidate.detect(tree, file));
  if (reader) return reader.extract(tree, file);
  unrecognised(file, 'Markdown');
  return null;
}

function readHtml(file: VFile): PageContent | null {
  const tree = parseHtml(file);
  // A page too deeply nested to parse has its error already; "unrecognised" would contradict it.
  if (tree.children.length === 0 && file.messages.some((message) => message.ruleId === 'nesting-too-deep')) return null;
  const reader = HTML_READERS.find((candidate) => candidate.detect(tree, file));
  if (reader) return reader.extract(tree, file);
  unrecognised(file, 'HTML');
  return null;
}

function unrecognised(file: VFile, syntax: string): void {
  report(file, 'warning', 'unrecognised-page', `The ${syntax} file is not a Service Authorization Reference page in any known dialect, so it was skipped.`, {
    expected: ['a title "Actions, resources, and condition keys for <service>" with a service prefix sentence'],
  });
}
