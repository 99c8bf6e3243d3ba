/**
 * A second Markdown export of today's reference ("markdown-export"). It has
 * the same sections as the list dialect but writes every one of them as a
 * GFM table, API operations included, with the columns in the order
 * "Actions | Description | Resource types | Condition keys | Access level"
 * and no dependent actions column. It has no `<a name>` anchors, writes the
 * topics under a `###### Topics` heading, gives every link a title, links
 * other documentation pages with relative `.md` targets, separates values
 * with `<br>` and wraps prose over several lines.
 *
 * A row of the API operations table may continue the operation above it with
 * the Operation cell left out, so that its other cells move one column left.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { visit, EXIT } from 'unist-util-visit';
import type { MarkdownReader } from './dialects.js';
import { extractModernPage } from './markdown-list.js';
import { containsHtml, isAnchorNode, withoutFrontMatter } from './markdown-sections.js';
import { nodeText } from './mdast-text.js';

const TITLE = /^actions,\s+resources,\s+and\s+condition\s+keys\s+for\s+(.+)$/i;

export const markdownExportReader: MarkdownReader = {
  dialect: 'markdown-export',
  syntax: 'markdown',
  detect: detectMarkdownExport,
  extract: (tree, file) => extractModernPage(tree, file, 'markdown-export'),
};

/**
 * True for a page of the export: the reference title, no `<a name>` anchor
 * anywhere (every other dialect has them), and a "Topics" heading or a link
 * with a title.
 */
function detectMarkdownExport(tree: Root, file: VFile): boolean {
  const root = withoutFrontMatter(tree, file);
  const index = root.children.findIndex((node) => node.type === 'heading' && node.depth === 1);
  const heading = root.children[index];
  if (!heading || heading.type !== 'heading') return false;
  if (!TITLE.test(nodeText(heading)) || containsHtml(heading) || isAnchorNode(root.children[index + 1])) return false;

  let anchors = false;
  let topics = false;
  let titledLinks = false;
  visit(root, (node) => {
    if (node.type === 'html' && /<a\s+name=/i.test(node.value)) anchors = true;
    if (node.type === 'heading' && node.depth > 2 && nodeText(node).toLowerCase() === 'topics') topics = true;
    if (node.type === 'link' && node.title) titledLinks = true;
    return anchors ? EXIT : undefined;
  });
  return !anchors && (topics || titledLinks);
}
