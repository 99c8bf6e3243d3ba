/**
 * No page can break the generated code. The pages are in the 2018-2020 GFM
 * table dialect, and their cells hold comment ends, backticks, template
 * syntax, quotes, backslashes, `</script>`, line separators, control
 * characters, very long text and awkward names. Each must still give
 * TypeScript that compiles, strings that read back equal to the page's text,
 * docs whose table cells re-parse to the same text, and no file outside the
 * output folder.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import type { Root, TableCell } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import type { Service } from '../generator/model/types.js';
import { GenerateError, generate } from '../generator/pipeline.js';
import { compileStrict, PROJECT_ROOT, temporaryFolder } from './helpers/run-cli.js';

const TEMPLATE = path.join(PROJECT_ROOT, 'test/fixtures/properties/page-template.md');
const RUNS = 8;

/** Fragments that break naive code generators, mixed with ordinary text. */
const HOSTILE = ['*/', '/*', '`', '${', '}', '"', "'", '\\', '</script>', '\u2028', '\u2029', '\u0007', '\u001b', '\u007f', '<!--', '-->', '@param', '\\u0041', '|'];

const cellText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ minLength: 1, maxLength: 12 }), fc.constant('x'.repeat(5000))), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join(' '));

/** Names that are reserved words, start with digits or hold symbols; the reader keeps only names it accepts. */
const actionName = fc.oneof(
  fc.constantFrom('Delete', 'delete', 'class', 'constructor', '__proto__', 'toString', '1stAction', 'Get$Thing', 'Default', 'enum'),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,20}$/),
);
const prefix = fc.constantFrom('abc', 'a-b', 'con', 'default', '1abc');

/** Prefixes that must not reach a file name unchanged; each is checked on its own below. */
const HOSTILE_PREFIXES = ['ABC', 'a/b', '..', '../x', 'index', 'a.b', 'a b'];

interface Case {
  service: string;
  prefix: string;
  actions: Array<{ name: string; description: string }>;
  conditionKey: string;
  conditionDescription: string;
}

const cases = fc.record({
  service: fc.constantFrom('Example Service', 'Service */ `x`', 'Ünïcode Service'),
  prefix,
  actions: fc.uniqueArray(fc.record({ name: actionName, description: cellText }), { minLength: 1, maxLength: 4, selector: (action) => action.name.toLowerCase() }),
  conditionKey: actionName,
  conditionDescription: cellText,
});

/**
 * Escape text for a GFM table cell: a backslash before every ASCII
 * punctuation character makes it literal, and line breaks cannot occur in a
 * cell, so the generator never produces them.
 */
function escapeCell(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Return what a reader keeps of a cell: GFM trims the cell, and the readers collapse runs of white space (JavaScript's \s, which includes U+2028 and U+2029). */
function cellMeaning(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function writePage(docs: string, value: Case): Promise<void> {
  const rows = value.actions.map((action) => `|   [ ${escapeCell(action.name)} ](https://docs.aws.amazon.com/example/latest/APIReference/API_${encodeURIComponent(action.name)}.html)  | ${escapeCell(action.description)} | Write |  |  |  | `);
  const page = (await readFile(TEMPLATE, 'utf8'))
    .replaceAll('{{service}}', escapeCell(value.service))
    .replaceAll('{{prefix}}', value.prefix)
    .replaceAll('{{actions}}', rows.join('\n'))
    .replaceAll('{{conditionKey}}', escapeCell(value.conditionKey))
    .replaceAll('{{conditionDescription}}', escapeCell(value.conditionDescription));
  await writeFile(path.join(docs, 'list_property.md'), page);
}

function tableCells(markdown: string): string[] {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown) as Root;
  const cells: string[] = [];
  visit(tree, 'tableCell', (cell: TableCell) => {
    cells.push(toString(cell));
  });
  return cells;
}

async function check(value: Case): Promise<void> {
  const root = await temporaryFolder('property');
  const docs = path.join(root, 'docs');
  const out = path.join(root, 'out', 'generated');
  await mkdir(docs);
  await writePage(docs, value);

  try {
    await generate({ docsDir: docs, outDir: out, templatesDir: path.join(PROJECT_ROOT, 'templates'), date: '2020-01-01', threads: 0, cacheDir: null });
  } catch (error) {
    // A page the model cannot hold is rejected as a whole, with nothing written.
    expect(error).toBeInstanceOf(GenerateError);
    expect(await readdir(path.join(root, 'out')).catch(() => [])).toEqual([]);
    return;
  }

  expect(await readdir(root)).toEqual(['docs', 'out']);
  expect(await readdir(path.join(root, 'out'))).toEqual(['generated']);
  expect(await compileStrict(path.join(out, 'src'))).toEqual([]);

  const index = JSON.parse(await readFile(path.join(out, 'model/index.json'), 'utf8')) as { services: Array<{ file: string; prefix: string }> };
  for (const entry of index.services) {
    const service = JSON.parse(await readFile(path.join(out, 'model', entry.file), 'utf8')) as Service;
    const docsCells = tableCells(await readFile(path.join(out, 'docs', `${entry.prefix}.md`), 'utf8').catch(() => ''));
    for (const action of service.actions) {
      const input = value.actions.find((candidate) => candidate.name === action.name);
      expect(input, `action ${action.name} is on the page`).toBeDefined();
      expect(action.description).toBe(cellMeaning(input!.description));
      expect(docsCells).toContain(action.description);
    }
  }
}

describe('generated code from hostile pages', () => {
  it('compiles and reads back', async () => {
    await fc.assert(fc.asyncProperty(cases, check), { numRuns: RUNS, seed: 20260614 });
  }, 120_000);

  it.each(HOSTILE_PREFIXES)('prefix %j', async (hostile) => {
    await check({ service: 'Example Service', prefix: hostile, actions: [{ name: 'CreateWidget', description: 'Creates */ a `widget`' }], conditionKey: 'Color', conditionDescription: 'The color' });
  });
});
