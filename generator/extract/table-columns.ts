/**
 * Columns of a GFM table, found by their header text so that a table with
 * its columns in another order still reads right.
 */
import type { Table, TableCell, TableRow } from 'mdast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import { nodeText } from './mdast-text.js';

/** A column the reader looks for: its key and the header texts that name it. */
export interface ColumnSpec<Key extends string> {
  key: Key;
  /** Matches the header text, lower-cased, with whitespace collapsed. */
  header: RegExp;
  required: boolean;
}

/** The columns of the actions table, in the order of today's pages. */
export type ActionColumn = 'name' | 'description' | 'accessLevel' | 'resourceTypes' | 'conditionKeys' | 'dependentActions';

/**
 * The columns of the three tables as the Markdown tables of 2018-2020 and the
 * HTML pages name them, Title Case or lower case.
 */
export const ACTION_COLUMNS: ColumnSpec<ActionColumn>[] = [
  { key: 'name', header: /^actions?$/, required: true },
  { key: 'description', header: /^description$/, required: false },
  { key: 'accessLevel', header: /^access level$/, required: false },
  { key: 'resourceTypes', header: /^resource types?\b/, required: false },
  { key: 'conditionKeys', header: /^condition keys?$/, required: false },
  { key: 'dependentActions', header: /^dependent actions?$/, required: false },
];

export const RESOURCE_COLUMNS: ColumnSpec<'name' | 'arn' | 'conditionKeys'>[] = [
  { key: 'name', header: /^resource types?$/, required: true },
  { key: 'arn', header: /^arn( pattern)?$/, required: true },
  { key: 'conditionKeys', header: /^condition keys?$/, required: false },
];

export const CONDITION_COLUMNS: ColumnSpec<'name' | 'description' | 'type'>[] = [
  { key: 'name', header: /^condition keys?$/, required: true },
  { key: 'description', header: /^description$/, required: false },
  { key: 'type', header: /^type$/, required: false },
];

export interface TableRows<Key extends string> {
  /** One entry per body row: the cells by column key, and the row for positions. */
  rows: Array<{ row: TableRow; cells: Partial<Record<Key, TableCell>> }>;
}

/** Return the header text as the column specs match it: lower case, whitespace collapsed. */
export function headerKey(cell: TableCell): string {
  return nodeText(cell).toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Read a table's rows by column. A missing required column, or a row with
 * fewer or more cells than the header, gives a diagnostic; the row is still
 * read as far as it goes.
 */
export function readTable<Key extends string>(table: Table, specs: ColumnSpec<Key>[], file: VFile, what: string): TableRows<Key> | null {
  const [header, ...body] = table.children;
  if (!header) return null;

  const headers = header.children.map(headerKey);
  const indexes = new Map<Key, number>();
  for (const spec of specs) {
    const index = headers.findIndex((text) => spec.header.test(text));
    if (index >= 0) indexes.set(spec.key, index);
    else if (spec.required) {
      report(file, 'error', 'missing-column', `The ${what} table has no column for ${spec.key}, so it was not read.`, {
        place: header,
        expected: [spec.header.source],
        actual: headers.join(' | '),
      });
      return null;
    }
  }

  const rows = body.map((row) => {
    if (row.children.length !== headers.length) {
      report(file, 'warning', 'column-count', `A row of the ${what} table has ${row.children.length} cells, but the header has ${headers.length}.`, {
        place: row,
        expected: [`${headers.length} cells`],
        actual: `${row.children.length} cells`,
      });
    }
    const cells: Partial<Record<Key, TableCell>> = {};
    for (const [key, index] of indexes) {
      const cell = row.children[index];
      if (cell) cells[key] = cell;
    }
    return { row, cells };
  });
  return { rows };
}
