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
