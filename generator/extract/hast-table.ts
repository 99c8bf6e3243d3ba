/**
 * HTML tables as a grid of columns. A cell with `rowspan` fills its column in
 * the rows below, as browsers lay it out. So the actions table, with one row
 * per resource type and the action, description and access level cells
 * spanning them, reads cell by cell like any other table. Columns are found
 * by their header text.
 */
import type { Element } from 'hast';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import { collapsedText, isElement } from './hast-text.js';
import type { ColumnSpec } from './table-columns.js';

/** The maximum number of rows and columns a cell may span, as HTML defines them. */
const MAX_ROW_SPAN = 65534;
const MAX_COLUMN_SPAN = 1000;

/** A cell as it fills one column of one row. */
export interface GridCell {
  element: Element;
  /** True in the row where the cell starts; false in the rows that its `rowspan` reaches. */
  first: boolean;
}

export interface HtmlTableRows<Key extends string> {
  /** The keys of the columns that the header has. */
  columns: Set<Key>;
  /** One entry per body row: the cells by column key, and the row for positions. */
  rows: Array<{ row: Element; cells: Partial<Record<Key, GridCell>> }>;
}

/**
 * Read a table's body rows by column. A missing required column gives a
 * diagnostic and returns null. A row that fills fewer or more columns than
 * the header gives a `column-count` diagnostic and is still read as far as
 * it goes.
 *
 * @param table a `table` element
 * @param specs the columns to look for
 * @param tableName the name of the table in messages, such as "actions"
 */
export function readHtmlTable<Key extends string>(table: Element, specs: ColumnSpec<Key>[], file: VFile, tableName: string): HtmlTableRows<Key> | null {
  const rows = tableRows(table);
  const headerIndex = headerRowIndex(table, rows);
  const header = headerIndex < 0 ? undefined : rows[headerIndex];
  if (!header) {
    report(file, 'error', 'missing-column', `The ${tableName} table has no header row, so it was not read.`, {
      place: table,
      expected: ['a first row of <th> cells'],
    });
    return null;
  }

  const headers = gridRows([header])[0]!.map((cell) => (cell ? collapsedText(cell.element).toLowerCase() : ''));
  const indexes = new Map<Key, number>();
  for (const spec of specs) {
    const index = headers.findIndex((text) => spec.header.test(text));
    if (index >= 0) indexes.set(spec.key, index);
    else if (spec.required) {
      report(file, 'error', 'missing-column', `The ${tableName} table has no column for ${spec.key}, so it was not read.`, {
        place: header,
        expected: [spec.header.source],
        actual: headers.join(' | '),
      });
      return null;
    }
  }

  const body = rows.slice(headerIndex + 1);
  const grid = gridRows(body);
  return {
    columns: new Set(indexes.keys()),
    rows: body.map((row, rowIndex) => {
      const slots = grid[rowIndex]!;
      checkColumnCount(row, slots, headers.length, file, tableName);

      const cells: Partial<Record<Key, GridCell>> = {};
      for (const [key, index] of indexes) {
        const cell = slots[index];
        if (cell) cells[key] = cell;
      }
      return { row, cells };
    }),
  };
}

function checkColumnCount(row: Element, slots: Array<GridCell | undefined>, columns: number, file: VFile, tableName: string): void {
  let filled = 0;
  for (let index = 0; index < Math.min(slots.length, columns); index++) if (slots[index]) filled++;
  if (filled === columns && slots.length <= columns) return;

  const cells = slots.filter((slot) => slot !== undefined).length;
  const reason =
    slots.length > columns
      ? `A row of the ${tableName} table has ${cells} cells, more than the ${columns} columns of its header; the extra cells were ignored.`
      : `A row of the ${tableName} table fills only ${filled} of the ${columns} columns of its header. Its cells were read from the left, and the columns without a cell as empty.`;
  report(file, 'warning', 'column-count', `${reason} Cells that span from the rows above count in their columns.`, {
    place: row,
    expected: [`${columns} cells`],
    actual: `${cells} cells`,
  });
}

/** Return the rows of `table` in order: those of its `thead`, `tbody` and `tfoot` and its own, not those of nested tables. */
export function tableRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'tr') rows.push(child);
    if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      for (const row of child.children) if (isElement(row, 'tr')) rows.push(row);
    }
  }
  return rows;
}

/** Return the index of the header row: the first row of the `thead`, else the first row made of `th` cells, else -1. */
function headerRowIndex(table: Element, rows: Element[]): number {
  const head = table.children.find((child): child is Element => isElement(child, 'thead'));
  const firstHeadRow = head?.children.find((child): child is Element => isElement(child, 'tr'));
  if (firstHeadRow) return rows.indexOf(firstHeadRow);

  return rows.findIndex((row) => {
    const cells = cellsOf(row);
    return cells.length > 0 && cells.every((cell) => cell.tagName === 'th');
  });
}

function cellsOf(row: Element): Element[] {
  return row.children.filter((child): child is Element => isElement(child, 'td') || isElement(child, 'th'));
}

/**
 * Lay `rows` out as a grid, as the HTML table model does: each cell takes the
 * first column that no cell from a row above still spans, and fills
 * `colspan` columns and `rowspan` rows (`rowspan="0"`: to the last row).
 * Returns, per row, the cell in each column; a column that no cell fills is
 * undefined.
 */
export function gridRows(rows: Element[]): Array<Array<GridCell | undefined>> {
  // Per column, the cell from a row above that still spans into the rows below, and how many.
  const spanning: Array<Element | undefined> = [];
  const rowsLeft: number[] = [];

  return rows.map((row) => {
    const slots: Array<GridCell | undefined> = [];
    let column = 0;

    for (const cell of cellsOf(row)) {
      for (; rowsLeft[column]! > 0; column++) {
        slots[column] = { element: spanning[column]!, first: false };
        rowsLeft[column]!--;
      }

      const columnSpan = clampSpan(cell.properties.colSpan, MAX_COLUMN_SPAN);
      const rowSpan = cell.properties.rowSpan === 0 ? MAX_ROW_SPAN : clampSpan(cell.properties.rowSpan, MAX_ROW_SPAN);
      const slot: GridCell = { element: cell, first: true };
      for (let offset = 0; offset < columnSpan; offset++) {
        slots[column + offset] = slot;
        spanning[column + offset] = cell;
        rowsLeft[column + offset] = rowSpan - 1;
      }
      column += columnSpan;
    }

    for (; column < rowsLeft.length; column++) {
      if (!(rowsLeft[column]! > 0)) continue;
      slots[column] = { element: spanning[column]!, first: false };
      rowsLeft[column]!--;
    }
    return slots;
  });
}

/** Return a `rowspan` or `colspan` value as a whole number from 1 to `max`; 1 when it is missing or invalid. */
function clampSpan(value: unknown, max: number): number {
  if (value === undefined || value === null) return 1;
  const span = typeof value === 'number' ? value : Number.parseInt(String(value), 10);
  return Number.isInteger(span) && span >= 1 ? Math.min(span, max) : 1;
}
