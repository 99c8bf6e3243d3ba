/**
 * Page-level structure shared by the 2017-2020 Markdown dialects: the title,
 * the service prefix sentence and the sections under level-2 headings.
 */
import type { Heading, Root, RootContent } from 'mdast';
import { nodeText } from './mdast-text.js';

export interface Section {
  heading: Heading;
  /** The heading text without its `<a name>` anchor. */
  title: string;
  /** The nodes between this heading and the next heading of the same or a higher level. */
  children: RootContent[];
}

/** Return the first level-1 heading and its text, or undefined. */
export function pageTitle(tree: Root): { heading: Heading; text: string } | undefined {
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth === 1) return { heading: node, text: nodeText(node) };
  }
  return undefined;
}

/**
 * Find the service prefix in the "(service prefix: `chime`)" sentence. Pages
 * of 2017-2018 write the prefix without a code span
 * ("(service prefix: application\-autoscaling)"), so plain text is read too.
 */
export function servicePrefix(tree: Root): string | null {
  for (const node of tree.children) {
    if (node.type !== 'paragraph') continue;
    const text = flatten(node);
    const match = /service prefix:\s*`?\s*([^`)\s]+)\s*`?\s*\)/i.exec(text);
    if (match?.[1]) return match[1];
  }
  return null;
}

/** Paragraph text where code spans keep their backticks, so the prefix can be told apart from prose. */
function flatten(node: RootContent): string {
  if (node.type === 'inlineCode') return `\`${node.value}\``;
  if (node.type === 'text') return node.value;
  if ('children' in node) return (node.children as RootContent[]).map(flatten).join('');
  return '';
}

/** Split the page into its level-2 sections. */
export function sections(tree: Root): Section[] {
  const result: Section[] = [];
  let current: Section | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      current = node.depth === 2 ? { heading: node, title: nodeText(node), children: [] } : undefined;
      if (current) result.push(current);
      continue;
    }
    current?.children.push(node);
  }
  return result;
}

/** Return the first section whose title matches `pattern`. */
export function findSection(all: Section[], pattern: RegExp): Section | undefined {
  return all.find((section) => pattern.test(section.title));
}
