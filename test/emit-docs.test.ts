import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Html, Root, Table } from 'mdast';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  DEFAULT_TEMPLATES_DIR,
  TemplateError,
  emitDocs,
  encodeMarkdownUrl,
  escapeMarkdown,
  markdownCodeSpan,
} from '../generator/emit/docs.js';
import type { EmitContext, OutputFile } from '../generator/emit/types.js';
import type { Service } from '../generator/model/types.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = path.join(projectRoot, 'test/fixtures/model');

async function loadFixture(name: string): Promise<Service> {
  return JSON.parse(await readFile(path.join(fixtures, name), 'utf8')) as Service;
}

function context(services: Service[], templatesDir = DEFAULT_TEMPLATES_DIR): EmitContext {
  return { services, previous: null, date: '2026-06-14', templatesDir };
}

function fileAt(files: OutputFile[], filePath: string): string {
  const file = files.find((candidate) => candidate.path === filePath);
  if (file === undefined) throw new Error(`no output file ${filePath}; got ${files.map((f) => f.path).join(', ')}`);
  return file.content;
}

function parseMarkdown(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/** Returns the text of every cell of the table row whose first cell reads `firstCell`. */
function tableRow(markdown: string, firstCell: string): string[] {
  let found: string[] | undefined;
  visit(parseMarkdown(markdown), 'table', (table: Table) => {
    for (const row of table.children) {
      const cells = row.children.map((cell) => toString(cell));
      if (cells[0] === firstCell) found = cells;
    }
  });
  if (found === undefined) throw new Error(`no table row starting with ${firstCell}`);
  return found;
}

function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('#'));
}

let chime: Service;
let edgeCases: Service;

beforeAll(async () => {
  chime = await loadFixture('docs-chime.json');
  edgeCases = await loadFixture('docs-edge-cases.json');
});

describe('emitDocs with the default templates', () => {
  it('writes one page per service and an index', async () => {
    const files = await emitDocs(context([chime, edgeCases]));

    expect(files.map((file) => file.path)).toEqual(['docs/chime.md', 'docs/example.md', 'docs/index.md']);
  });

  it('gives the service page its headings', async () => {
    const page = fileAt(await emitDocs(context([chime])), 'docs/chime.md');

    expect(headings(page)).toEqual([
      '# Amazon Chime (`chime`)',
      '## Source pages',
      '## Actions',
      '### List',
      '### Read',
      '### Write',
      '## Resource types',
      '## Condition keys',
    ]);
  });

  it('renders an action row with dependent actions', async () => {
    const page = fileAt(await emitDocs(context([chime])), 'docs/chime.md');

    expect(page).toContain(
      '| [CreateCDRBucket](https://docs.aws.amazon.com/chime/latest/ag/manage-access.html) | Grants permission to create a new Call Detail Record S3 bucket |  |  | `s3:CreateBucket`<br>`s3:ListAllMyBuckets` |',
    );
  });

  it('writes an unlinked action as text', async () => {
    const page = fileAt(await emitDocs(context([chime])), 'docs/chime.md');

    expect(page).toContain('| InviteUsersFromProvider | Grants permission to invite users');
  });

  it('links only absolute documentation URLs', async () => {
    const page = fileAt(await emitDocs(context([chime])), 'docs/chime.md');

    expect(page).toContain('| BatchCreateRoomMembership | Grants permission to batch add room members |');
    expect(page).not.toContain('(API_BatchCreateRoomMembership.html)');
  });

  it('links each source page back to the AWS website', async () => {
    const page = fileAt(await emitDocs(context([chime])), 'docs/chime.md');

    expect(tableRow(page, 'list_amazonchime.md')).toEqual([
      'list_amazonchime.md',
      'Actions, Resources, and Condition Keys for Amazon Chime',
      'Markdown with tables (2018-04 to 2020-11)',
      'listed',
    ]);
    expect(page).toContain(
      '| `list_amazonchime.md` | [Actions, Resources, and Condition Keys for Amazon Chime](https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonchime.html) |',
    );
  });

  it('labels a placeholder actions table', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(tableRow(page, '2018-03-22/list_example.md')[3]).toBe('replaced by a link to the AWS website');
  });

  it('groups actions by access level in the reference order', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(headings(page).filter((line) => line.startsWith('### '))).toEqual([
      '### List',
      '### Read',
      '### Write',
      '### Permissions management',
      '### Tagging',
      '### Access level not stated',
    ]);
  });

  it('keeps a hostile description inside its table cell', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');
    const [, description] = tableRow(page, 'CreateReport');

    expect(description).toBe(
      'Grants permission to create a report | with a pipe, *stars*, _underscores_, `ticks`, [brackets], <script>alert(1)</script> and a back\\slash<br>Next line',
    );
  });

  it('leaves no raw HTML but line breaks', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    const html: string[] = [];
    visit(parseMarkdown(page), 'html', (node: Html) => {
      html.push(node.value);
    });

    expect(new Set(html)).toEqual(new Set(['<br>']));
    expect(page).not.toContain('<script>');
  });

  it('escapes the Markdown characters of a description', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(page).toContain('create a report \\| with a pipe, \\*stars\\*, \\_underscores\\_, \\`ticks\\`, \\[brackets\\], \\<script\\>');
  });

  it('marks required and permission-only entries', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(tableRow(page, 'CreateReport')[2]).toBe('report*<br>report-series');
    expect(tableRow(page, 'PutAccountPolicy (permission only)')[0]).toBe('PutAccountPolicy (permission only)');
  });

  it('says when the model does not state a value', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(tableRow(page, 'ViewReportHistory')).toEqual(['ViewReportHistory', 'not stated', 'not stated', 'not stated', 'not stated']);
  });

  it('lists resource types with ARN patterns in code spans', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(page).toContain('| `report-series` | `arn:${Partition}:example:${Region}:${Account}:report/${ReportName}/*` |  |');
  });

  it('lists condition keys with description and type', async () => {
    const page = fileAt(await emitDocs(context([edgeCases])), 'docs/example.md');

    expect(tableRow(page, 'aws:TagKeys')).toEqual(['aws:TagKeys', 'Filters access by the tag keys that are passed in the request', 'ArrayOfString']);
  });

  it('says so when a service has no resource types', async () => {
    const page = fileAt(await emitDocs(context([chime])), 'docs/chime.md');

    expect(page).toContain('## Resource types\n\nNo resource types are listed for this service.\n');
  });

  it('lists services with counts in index', async () => {
    const index = fileAt(await emitDocs(context([chime, edgeCases])), 'docs/index.md');

    expect(tableRow(index, 'Amazon Chime')).toEqual(['Amazon Chime', 'chime', '15', '0', '0']);
    expect(tableRow(index, 'Example Service')).toEqual(['Example Service', 'example', '6', '2', '3']);
    expect(index).toContain('[Amazon Chime](chime.md)');
  });

  it('writes no run of blank lines', async () => {
    const files = await emitDocs(context([chime, edgeCases]));

    for (const file of files) {
      expect(file.content, file.path).not.toMatch(/\n\n\n/);
      expect(file.content.endsWith('\n'), file.path).toBe(true);
      expect(file.content.endsWith('\n\n'), file.path).toBe(false);
    }
  });

  it('renders the same model to the same text', async () => {
    const first = await emitDocs(context([chime, edgeCases]));
    const second = await emitDocs(context([chime, edgeCases]));

    expect(second).toEqual(first);
  });

  it('rejects a prefix containing a path', async () => {
    const escaping = { ...chime, prefix: '../escape' };

    await expect(emitDocs(context([escaping]))).rejects.toThrow(/Invalid service prefix "\.\.\/escape"/);
  });
});

describe('emitDocs with a user template folder', () => {
  let folder: string;

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function templateFolder(files: Record<string, string>): Promise<string> {
    folder = await mkdtemp(path.join(tmpdir(), 'iamref-templates-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(folder, name)), { recursive: true });
      await writeFile(path.join(folder, name), text);
    }
    return folder;
  }

  it('renders the user templates instead of the defaults', async () => {
    const dir = await templateFolder({
      'service.md.liquid': 'Custom page for {{ service.prefix }} with {{ service.counts.actions }} actions.\n',
      'index.md.liquid': '{% for s in services %}- {{ s.name | md_text }}\n{% endfor %}',
    });

    const files = await emitDocs(context([chime], dir));

    expect(fileAt(files, 'docs/chime.md')).toBe('Custom page for chime with 15 actions.\n');
    expect(fileAt(files, 'docs/index.md')).toBe('- Amazon Chime\n');
  });

  it('renders partials from the user folder', async () => {
    const dir = await templateFolder({
      'service.md.liquid': '{% render "parts/title.liquid", name: service.name %}',
      'index.md.liquid': 'index',
      'parts/title.liquid': '# {{ name }}',
    });

    const files = await emitDocs(context([chime], dir));

    expect(fileAt(files, 'docs/chime.md')).toBe('# Amazon Chime\n');
  });

  it('names file and line of a parse error', async () => {
    const dir = await templateFolder({
      'service.md.liquid': '# Title\n\n{% if service.name %}\nno end tag\n',
      'index.md.liquid': 'index',
    });

    const error = await emitDocs(context([chime], dir)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).file).toBe('service.md.liquid');
    expect((error as TemplateError).line).toBe(3);
    expect((error as TemplateError).message).toMatch(/^Template error in service\.md\.liquid, line 3, column \d+: /);
  });

  it('names the partial of a render error', async () => {
    const dir = await templateFolder({
      'service.md.liquid': 'line one\n{% render "parts/row.liquid", service: service %}',
      'index.md.liquid': 'index',
      'parts/row.liquid': 'first\nsecond {{ service.nosuchfield }}\n',
    });

    const error = await emitDocs(context([chime], dir)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TemplateError);
    expect((error as TemplateError).file).toBe('parts/row.liquid');
    expect((error as TemplateError).line).toBe(2);
    expect((error as TemplateError).message).toContain('undefined variable: service.nosuchfield');
  });

  it('rejects an unknown filter', async () => {
    const dir = await templateFolder({
      'service.md.liquid': '{{ service.name | no_such_filter }}',
      'index.md.liquid': 'index',
    });

    await expect(emitDocs(context([chime], dir))).rejects.toThrow(/service\.md\.liquid, line 1, column 1: undefined filter: no_such_filter/);
  });

  it('names a missing template', async () => {
    const dir = await templateFolder({ 'service.md.liquid': 'page' });

    await expect(emitDocs(context([chime], dir))).rejects.toThrow(/Template index\.md\.liquid not found in /);
  });

  it('rejects a template folder that does not exist', async () => {
    const dir = await templateFolder({});

    await expect(emitDocs(context([chime], path.join(dir, 'missing')))).rejects.toThrow(/Template folder not found: /);
  });

  it('reads no file outside the template folder', async () => {
    const outer = await templateFolder({
      'secret.txt': 'SECRET',
      'templates/service.md.liquid': '{% include "../secret.txt" %}',
      'templates/index.md.liquid': 'index',
    });

    const error = await emitDocs(context([chime], path.join(outer, 'templates'))).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TemplateError);
    expect(String(error)).not.toContain('SECRET');
    expect((error as TemplateError).message).toContain('Failed to lookup "../secret.txt"');
  });

  it('writes the null text of the md_ filters', async () => {
    const dir = await templateFolder({
      'service.md.liquid': '{% assign absent = service.operations %}{{ absent | md_cell: "none" }}/{{ absent | md_code_list: "none" }}/{{ service.resourceTypes | md_code_list: "none" }}/{{ "a_b" | md_link: absent }}/{{ "x" | md_link: "u v" }}',
      'index.md.liquid': 'index',
    });

    const files = await emitDocs(context([chime], dir));

    expect(fileAt(files, 'docs/chime.md')).toBe('none/none//a_b/[x](u%20v)\n');
  });

  it('gives templates no access to JavaScript properties', async () => {
    const dir = await templateFolder({
      'service.md.liquid': '{{ service.name.constructor }}',
      'index.md.liquid': 'index',
    });

    await expect(emitDocs(context([chime], dir))).rejects.toThrow(/undefined variable: service\.name\.constructor/);
  });
});

describe('Markdown filters', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a | b', 'a \\| b'],
    ['*bold* and `code`', '\\*bold\\* and \\`code\\`'],
    ['[link](x)', '\\[link\\](x)'],
    ['<b>tag</b>', '\\<b\\>tag\\</b\\>'],
    ['back\\slash', 'back\\\\slash'],
    ['~~strike~~', '\\~\\~strike\\~\\~'],
    ['snake_case_name', 'snake_case_name'],
    ['_emphasis_', '\\_emphasis\\_'],
    ['R&D &amp; more', 'R&D \\&amp; more'],
    ['one\ntwo', 'one two'],
    ['one  \r\n  two', 'one two'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('writes line breaks as the given text', () => {
    expect(escapeMarkdown('one\ntwo\n\nthree', '<br>')).toBe('one<br>two<br>three');
  });

  it.each([
    ['arn:${Partition}:s3:::${BucketName}', '`arn:${Partition}:s3:::${BucketName}`'],
    ['a`b', '``a`b``'],
    ['`start', '`` `start ``'],
    ['a|b', '`a\\|b`'],
    ['', ''],
  ])('markdownCodeSpan(%j)', (input, expected) => {
    expect(markdownCodeSpan(input)).toBe(expected);
  });

  it.each([
    ['https://docs.aws.amazon.com/a/b.html#x', 'https://docs.aws.amazon.com/a/b.html#x'],
    ['https://example.com/a (b)', 'https://example.com/a%20%28b%29'],
    ['https://example.com/a|b', 'https://example.com/a%7Cb'],
  ])('encodeMarkdownUrl(%j)', (input, expected) => {
    expect(encodeMarkdownUrl(input)).toBe(expected);
  });
});
