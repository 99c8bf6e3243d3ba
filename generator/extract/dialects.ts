/**
 * The readers of every dialect, in the order in which detection tries them.
 * A reader recognises its dialect from the syntax tree's content, never from
 * the file name.
 */
import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import type { VFile } from 'vfile';
import type { Dialect } from '../model/types.js';
import { htmlReader } from './html.js';
import { legacyListReader } from './legacy-list.js';
import { markdownExportReader } from './markdown-export.js';
import { markdownListReader } from './markdown-list.js';
import { markdownTableReader } from './markdown-table.js';
import type { PageContent } from './types.js';

export interface MarkdownReader {
  dialect: Dialect;
  syntax: 'markdown';
  /** True when the tree is a page of this dialect. */
  detect(tree: MdastRoot, file: VFile): boolean;
  /** Read the page, reporting problems on `file`. */
  extract(tree: MdastRoot, file: VFile): PageContent;
}

export interface HtmlReader {
  dialect: Dialect;
  syntax: 'html';
  detect(tree: HastRoot, file: VFile): boolean;
  extract(tree: HastRoot, file: VFile): PageContent;
}

/**
 * Markdown readers, most specific first: the 2018-2020 table reader comes last
 * because the export dialect also uses GFM tables.
 */
export const MARKDOWN_READERS: MarkdownReader[] = [legacyListReader, markdownListReader, markdownExportReader, markdownTableReader];

export const HTML_READERS: HtmlReader[] = [htmlReader];
