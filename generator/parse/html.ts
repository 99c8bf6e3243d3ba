/** Parse HTML pages into hast syntax trees, with positions. */
import type { Root } from 'hast';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';
import type { VFile } from 'vfile';

const processor = unified().use(rehypeParse, { fragment: false }).freeze();

/** Parse the text of `file` as an HTML document. */
export function parseHtml(file: VFile): Root {
  return processor.parse(file);
}
