/**
 * Input that is not a reference page at all gives a diagnostic quickly
 * instead of a crash or a hang.
 */
import { describe, expect, it } from 'vitest';
import { extractPage, MAX_MARKDOWN_BYTES, MAX_MARKDOWN_NESTING, MAX_PAGE_BYTES } from '../generator/extract/page.js';

const encoder = new TextEncoder();

function read(text: string | Uint8Array) {
  return extractPage({ file: 'limits.md', bytes: typeof text === 'string' ? encoder.encode(text) : text });
}

describe('page limits', () => {
  it('rejects a deeply nested list', () => {
    const list = Array.from({ length: 1000 }, (_, depth) => `${'  '.repeat(depth)}- item`).join('\n');
    const result = read(`# Actions, Resources, and Condition Keys for X\n\n${list}\n`);

    expect(result.page).toBeNull();
    expect(result.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.severity, diagnostic.line])).toEqual([
      ['nesting-too-deep', 'error', 3 + MAX_MARKDOWN_NESTING + 1],
    ]);
  });

  it('rejects lists nested on one line', () => {
    const result = read(`# Title\n\n${'- '.repeat(5000)}x\n`);

    expect(result.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.line])).toEqual([['nesting-too-deep', 3]]);
  });

  it('reads an .html fragment as HTML', () => {
    const html = `<div>${'<p>text</p>'.repeat(MAX_MARKDOWN_BYTES / 11 + 1)}</div>`;
    const result = extractPage({ file: 'fragment.html', bytes: encoder.encode(html) });

    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['unrecognised-page']);
    expect(result.diagnostics[0]?.message).toMatch(/The HTML file/);
  });

  it.each([
    ['a tag', '<div>x</div>\n\n# Title\n'],
    ['a comment', '<!-- lint disable -->\n# Title\n'],
  ])('reads a .md page that starts with %s as Markdown', (_start, text) => {
    const result = read(text);

    expect(result.diagnostics[0]?.message).toMatch(/The Markdown file/);
  });

  it.each([
    ['an XML declaration', 'page.html', '<?xml version="1.0"?>\n<html><body><p>x</p></body></html>'],
    ['a line of text', 'page.htm', 'Saved page\n<p>x</p>'],
    ['a whole document', 'page.md', '<!-- saved -->\n<!DOCTYPE html>\n<html><body><p>x</p></body></html>'],
  ])('reads %s as HTML', (_start, file, text) => {
    const result = extractPage({ file, bytes: encoder.encode(text) });

    expect(result.diagnostics[0]?.message).toMatch(/The HTML file/);
  });

  it('rejects a Markdown page over its size limit', () => {
    const result = read(`# Title\n\n${'| a | b |\n'.repeat(MAX_MARKDOWN_BYTES / 10 + 1)}`);

    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['page-too-large']);
  });

  it('rejects deeply nested block quotes', () => {
    const result = read(`# Title\n\n${'> '.repeat(5000)}deep\n`);

    expect(result.diagnostics.map((diagnostic) => [diagnostic.ruleId, diagnostic.line])).toEqual([['nesting-too-deep', 3]]);
  });

  it('reads a list nested a few levels', () => {
    const result = read('# Title\n\n- a\n  - b\n    - c\n');

    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['unrecognised-page']);
  });

  it('rejects a page over the size limit', () => {
    const result = read(new Uint8Array(MAX_PAGE_BYTES + 1).fill(0x61));

    expect(result.diagnostics.map((diagnostic) => diagnostic.ruleId)).toEqual(['page-too-large']);
  });
});
