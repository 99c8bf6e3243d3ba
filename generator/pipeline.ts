/**
 * The main job: read the pages of a docs folder, extract and normalize them
 * into the model, validate it, and emit every output into the output folder
 * in one atomic step.
 */
import { type Diagnostic, compareDiagnostics } from './diagnostics.js';
import { createChangelogEmitter, CHANGELOG_FILE } from './emit/changelog.js';
import { emitDocs } from './emit/docs.js';
import { emitModelJson } from './emit/model-json.js';
import { readOutputFile, writeOutput } from './emit/output.js';
import { emitSchemas } from './emit/schemas.js';
import type { EmitContext, Emitter, OutputFile } from './emit/types.js';
import { emitTypeScript } from './emit/typescript.js';
import { extractAll } from './extract/run.js';
import type { Service } from './model/types.js';
import { mergePages, type ReadPage } from './normalize/merge.js';
import { loadPreviousModel } from './read/previous-model.js';
import { findPages } from './read/sources.js';
import { validateModel } from './validate/validate-model.js';

export interface GenerateOptions {
  docsDir: string;
  outDir: string;
  templatesDir: string;
  /** Date of the changelog entry, `YYYY-MM-DD`. */
  date: string;
  /** Worker threads for reading pages; 0 reads on the main thread. */
  threads?: number;
}

export interface GenerateResult {
  services: Service[];
  diagnostics: Diagnostic[];
  /** Pages read, and those among them whose actions table is a placeholder. */
  pageCount: number;
  placeholderPages: string[];
  files: number;
  /** Wall time of each stage in milliseconds, for `npm run bench` and `--timings`. */
  timings: Record<string, number>;
}

/** Thrown when the run cannot produce a valid model; nothing was written. */
export class GenerateError extends Error {}

/** Run the pipeline. Input problems become diagnostics; only a failure to produce valid output throws. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timings[stage] = now - mark;
    mark = now;
  };

  const sources = await findPages(options.docsDir);
  if (sources.length === 0) {
    throw new GenerateError(`No pages (*.md, *.markdown, *.html, *.htm) were found under ${options.docsDir}.`);
  }

  const results = await extractAll(sources, options.threads);
  lap('read, parse and extract');
  const diagnostics: Diagnostic[] = results.flatMap((result) => result.diagnostics);
  const pages: ReadPage[] = [];
  for (const result of results) {
    if (result.page && result.content) pages.push({ page: result.page, content: result.content });
  }

  const merged = mergePages(pages);
  diagnostics.push(...merged.diagnostics);
  lap('normalize');

  const problems = validateModel(merged.services);
  if (problems.length > 0) {
    throw new GenerateError(`The model does not match its schema, so nothing was written:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
  lap('validate');

  const previous = await loadPreviousModel(options.outDir);
  const existingChangelog = await readOutputFile(options.outDir, CHANGELOG_FILE);
  const context: EmitContext = { services: merged.services, previous, date: options.date, templatesDir: options.templatesDir };
  lap('load previous model');
  const emitters: Array<[string, Emitter]> = [
    ['emit model', emitModelJson],
    ['emit TypeScript', emitTypeScript],
    ['emit schemas', emitSchemas],
    ['emit docs', emitDocs],
    ['emit changelog', createChangelogEmitter(existingChangelog)],
  ];
  const files: OutputFile[] = [];
  for (const [stage, emit] of emitters) {
    files.push(...(await emit(context)));
    lap(stage);
  }

  await writeOutput(options.outDir, files);
  lap('write');

  return {
    services: merged.services,
    diagnostics: diagnostics.sort(compareDiagnostics),
    pageCount: sources.length,
    placeholderPages: pages.filter(({ page }) => page.actionsTable === 'placeholder').map(({ page }) => page.file),
    files: files.length,
    timings,
  };
}
