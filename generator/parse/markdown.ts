/** Parse Markdown pages into mdast syntax trees, with positions. */
import type { Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';

const processor = unified().use(remarkParse).use(remarkGfm).freeze();

/** Parse the text of `file` as GitHub-flavoured Markdown. */
export function parseMarkdown(file: VFile): Root {
  return processor.parse(file);
}
