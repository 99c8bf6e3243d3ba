// TODO: read the 'markdown-export' dialect; this placeholder recognises no page.
import type { MarkdownReader } from './dialects.js';

export const markdownExportReader: MarkdownReader = {
  dialect: 'markdown-export',
  syntax: 'markdown',
  detect: () => false,
  extract: () => {
    throw new Error('the markdown-export reader is not written yet');
  },
};
