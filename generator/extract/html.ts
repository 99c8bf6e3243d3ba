// TODO: read the 'html' dialect; this placeholder recognises no page.
import type { HtmlReader } from './dialects.js';

export const htmlReader: HtmlReader = {
  dialect: 'html',
  syntax: 'html',
  detect: () => false,
  extract: () => {
    throw new Error('the html reader is not written yet');
  },
};
