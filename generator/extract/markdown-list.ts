// TODO: read the 'markdown-list' dialect; this placeholder recognises no page.
import type { MarkdownReader } from './dialects.js';

export const markdownListReader: MarkdownReader = {
  dialect: 'markdown-list',
  syntax: 'markdown',
  detect: () => false,
  extract: () => {
    throw new Error('the markdown-list reader is not written yet');
  },
};
