// TODO: read the 'legacy-list' dialect; this placeholder recognises no page.
import type { MarkdownReader } from './dialects.js';

export const legacyListReader: MarkdownReader = {
  dialect: 'legacy-list',
  syntax: 'markdown',
  detect: () => false,
  extract: () => {
    throw new Error('the legacy-list reader is not written yet');
  },
};
