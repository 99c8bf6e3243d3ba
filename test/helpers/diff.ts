/** Helpers for the diff tests: read a folder of pages into a model as the pipeline does, and clone the history bundle. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractPage } from '../../generator/extract/page.js';
import type { Service } from '../../generator/model/types.js';
import { carryOver } from '../../generator/normalize/carry-over.js';
import { type DocsModel, modelOfPages } from '../../generator/pipeline.js';

/** Read every page of `folder` (not its subfolders) with extractPage, named by file name. */
export function readPages(folder: string, names?: string[]): DocsModel {
  const files = (names ?? readdirSync(folder).filter((name) => /\.(?:md|html?)$/.test(name))).sort();
  return modelOfPages(
    files,
    files.map((file) => extractPage({ file, bytes: readFileSync(path.join(folder, file)) })),
  );
}

/** Read `before/` and `after/` of a fixture pair; the after model carries over from the before model, as generate does. */
export function readPair(folder: string): { before: Service[]; after: Service[]; diagnostics: string[] } {
  const before = readPages(path.join(folder, 'before'));
  const after = readPages(path.join(folder, 'after'));
  const diagnostics = [...before.diagnostics, ...after.diagnostics].filter((diagnostic) => diagnostic.severity !== 'info').map((diagnostic) => `${diagnostic.ruleId} ${diagnostic.file}:${diagnostic.line}`);
  return { before: before.services, after: carryOver(after.services, before.services, after.run).services, diagnostics };
}

/** The git history of the IAM User Guide, 2017-12 to 2020-11, in the shared corpus. */
export const HISTORY_BUNDLE = path.resolve(fileURLToPath(new URL('../../', import.meta.url)), '../shared/corpus/iam-user-guide/history.bundle');

/** Clone the history bundle into a new temporary folder and return the folder. */
export function cloneHistory(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'iamref-bundle-'));
  execFileSync('git', ['clone', '-q', HISTORY_BUNDLE, directory]);
  return directory;
}
