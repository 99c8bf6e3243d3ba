/**
 * The main job: read the pages of a docs folder, extract and normalize them
 * into the model, validate it, and emit every output into the output folder
 * in one atomic step.
 */
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { EmitCache } from './cache/emit.js';
import { folderKey, getRun, inputsKey, outputKey, recordRun, runKey } from './cache/run-record.js';
import { type CacheCount, CacheStore, defaultCacheDir } from './cache/store.js';
import { type Diagnostic, compareDiagnostics, formatDiagnostic } from './diagnostics.js';
import { checkRemovals, describeRemovals, type RemovalCheck } from './diff/guard.js';
import { diffModels, type ModelDiff } from './diff/index.js';
import { createChangelogEmitter, CHANGELOG_FILE } from './emit/changelog.js';
import { emitDocs } from './emit/docs.js';
import { emitModelJson } from './emit/model-json.js';
import { emitPackage, readPackageVersion } from './emit/package.js';
import { emitPolicySchema } from './emit/policy-schema.js';
import { lockOutput, OutputLockedError } from './emit/lock.js';
import { filesNotWritten, readOutputFile, recoverOutput, writeOutput } from './emit/output.js';
import { emitSchemas } from './emit/schemas.js';
import type { EmitContext, Emitter, OutputFile } from './emit/types.js';
import type { PageResult } from './extract/page.js';
import { extractAll } from './extract/run.js';
import type { Service } from './model/types.js';
import { carryOver, type RunPages } from './normalize/carry-over.js';
import { mergePages, type ReadPage } from './normalize/merge.js';
import { applyOverrides, OVERRIDES_FILE, readOverrides } from './normalize/overrides.js';
import { loadPreviousModel } from './read/previous-model.js';
import { findPages, type SourceFile } from './read/sources.js';

export interface GenerateOptions {
  docsDir: string;
  outDir: string;
  templatesDir: string;
  /** Date of the changelog entry, `YYYY-MM-DD`. */
  date: string;
  /** The overrides file; by default `overrides.json` in the docs folder, when it exists. */
  overridesFile?: string;
  /** Worker threads for reading pages; 0 reads on the main thread. */
  threads?: number;
  /** The cache folder (default: defaultCacheDir()); null reads and writes no cache. */
  cacheDir?: string | null;
  /** Publish a run that trips the removal guard (default: false). */
  allowRemovals?: boolean;
  /** The removal guard's threshold, in percent of the known actions (default: 5). */
  removalThreshold?: number;
}

export interface GenerateResult {
  /** The services of the model written, and their actions. */
  serviceCount: number;
  actionCount: number;
  diagnostics: Diagnostic[];
  /** Pages read, and those among them whose actions table is a placeholder. */
  pageCount: number;
  placeholderPages: string[];
  files: number;
  /** False when the output folder already held exactly these files, so nothing was written. */
  wrote: boolean;
  /** Files of the earlier output folder that this run does not write, removed with the folder it replaced. */
  removedFiles: string[];
  /** The changes from the model already in the output folder, or null when there was none. */
  diff: ModelDiff | null;
  /** The removals of the run, checked against the removal guard; null when there was no earlier model. */
  removals: RemovalCheck | null;
  /** Wall time of each stage in milliseconds, for `npm run bench` and `--timings`. */
  timings: Record<string, number>;
  /** True when the result is that of an earlier identical run, from its run record (see generator/cache/run-record.ts). */
  recorded: boolean;
  /** Results of each kind reused from the cache or computed; empty without a cache. */
  cacheCounts: Record<string, CacheCount>;
  /** The reason the cache could not be written, when it could not; the output does not depend on it. */
  cacheFailure?: string | undefined;
}

/** Diagnostics quoted in the message of a run that read no service. */
const MAX_DIAGNOSTICS_IN_ERROR = 10;

/** The part of a result that a run record keeps. */
type RecordedResult = Omit<GenerateResult, 'timings' | 'recorded' | 'cacheCounts' | 'cacheFailure'>;

/** Thrown when the run cannot produce a valid model or trips the removal guard; nothing was written. */
export class GenerateError extends Error {
  /** The exit status for the command line: 2 for a wrong folder given on it, 3 for the removal guard, 1 otherwise. */
  readonly exitCode: number;

  /** The diagnostics of the pages when the run stopped because of them, for `--format json`. */
  readonly diagnostics: Diagnostic[];

  constructor(message: string, exitCode = 1, diagnostics: Diagnostic[] = []) {
    super(message);
    this.exitCode = exitCode;
    this.diagnostics = diagnostics;
  }
}

/** Measures the wall time of consecutive stages. */
export class StageTimer {
  readonly timings: Record<string, number> = {};
  private mark = performance.now();

  /** Record the time since the previous lap as `stage`. */
  lap(stage: string): void {
    const now = performance.now();
    this.timings[stage] = (this.timings[stage] ?? 0) + (now - this.mark);
    this.mark = now;
  }
}

export interface DocsModel {
  /** The services merged from the pages, before any carry-over from an earlier model. */
  services: Service[];
  diagnostics: Diagnostic[];
  pageCount: number;
  placeholderPages: string[];
  /** The files of this run that list no actions or failed to read, for carry-over. */
  run: RunPages;
}

/**
 * Read every page under `docsDir` into services, without writing anything.
 * `outDir`, when inside the docs folder, is skipped.
 */
export async function readDocs(
  docsDir: string,
  options: { outDir?: string; threads?: number | undefined; timer?: StageTimer; cache?: CacheStore | undefined; sources?: SourceFile[] } = {},
): Promise<DocsModel> {
  const sources = options.sources ?? (await findDocsPages(docsDir, options.outDir));
  const results = await extractAll(sources, options.threads, { cache: options.cache });
  options.timer?.lap('read, parse and extract');

  const docs = modelOfPages(sources.map((source) => source.file), results);
  options.timer?.lap('normalize');
  return docs;
}

/** List the pages under `docsDir`, or throw a GenerateError when there are none or the folder cannot be read. */
async function findDocsPages(docsDir: string, outDir: string | undefined): Promise<SourceFile[]> {
  const sources = await findPages(docsDir, outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') throw new GenerateError(`The docs folder ${docsDir} does not exist.`, 2);
    if (error.code === 'ENOTDIR') throw new GenerateError(`The docs folder ${docsDir} is not a folder.`, 2);
    throw new GenerateError(`The docs folder ${docsDir} cannot be read: ${error.message}`);
  });
  if (sources.length === 0) {
    throw new GenerateError(`No pages (*.md, *.markdown, *.html, *.htm) were found under ${docsDir}.`);
  }
  return sources;
}

/**
 * Diagnostics that report a skipped action row or bullet. Pages
 * of 2018-05 to 2018-07 show a URL in place of many action names, so their
 * tables list only some of their actions.
 */
const SKIPPED_ACTION_RULES = new Set(['invalid-action-name', 'actions-table-empty']);

/** Diagnostics that report a skipped row of a resource types or condition keys table. */
const SKIPPED_DEFINITION_RULES = new Set(['invalid-resource-type-name', 'invalid-condition-key']);

/**
 * Merge the pages read in one run into services. `results[i]` is the result
 * of the file `files[i]`. A page whose actions list is incomplete (it has
 * action rows that could not be read) counts among the pages without
 * actions, like a placeholder, so that carry-over keeps the earlier actions
 * it does not list instead of dropping them.
 */
export function modelOfPages(files: string[], results: PageResult[]): DocsModel {
  const diagnostics: Diagnostic[] = results.flatMap((result) => result.diagnostics);
  const pages: ReadPage[] = [];
  const run: RunPages = { withoutActions: new Set(), failed: new Set(), incompleteDefinitions: new Set() };
  results.forEach((result, index) => {
    if (result.page && result.content) pages.push({ page: result.page, content: result.content });
    if (!result.page) {
      run.failed.add(files[index]!);
      return;
    }
    if (result.page.actionsTable !== 'present' || result.diagnostics.some((diagnostic) => SKIPPED_ACTION_RULES.has(diagnostic.ruleId))) {
      run.withoutActions.add(result.page.file);
    }
    if (result.diagnostics.some((diagnostic) => SKIPPED_DEFINITION_RULES.has(diagnostic.ruleId))) run.incompleteDefinitions?.add(result.page.file);
  });

  const merged = mergePages(pages);
  diagnostics.push(...merged.diagnostics);

  return {
    services: merged.services,
    diagnostics,
    pageCount: files.length,
    placeholderPages: pages.filter(({ page }) => page.actionsTable === 'placeholder').map(({ page }) => page.file),
    run,
  };
}

/**
 * The emitters that load ts-morph, loaded on their first call. Loading
 * ts-morph takes about 0.3 s, and a run that returns its run record needs
 * neither emitter.
 */
const emitTypeScriptLazily: Emitter = async (context) => (await import('./emit/typescript.js')).emitTypeScript(context);
const emitPackageReadmeLazily: Emitter = async (context) => (await import('./emit/package-readme.js')).emitPackageReadme(context);

/** Return the emitters in the order their files are written, each with the name of its stage. */
export function emitters(existingChangelog: string | null, diff: ModelDiff | null = null): Array<[string, Emitter]> {
  return [
    ['emit model', emitModelJson],
    ['emit TypeScript', emitTypeScriptLazily],
    ['emit schemas', emitSchemas],
    ['emit docs', emitDocs],
    ['emit package', emitPackage],
    ['emit package README', emitPackageReadmeLazily],
    ['emit policy schema', emitPolicySchema],
    ['emit changelog', createChangelogEmitter(existingChangelog, diff)],
  ];
}

/**
 * Run the pipeline: read the docs, carry over unavailable actions of the
 * model already in the output folder, validate, emit and replace the output
 * folder. Input problems become diagnostics; only a failure to produce valid
 * output throws, and then nothing is written.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  // One run at a time per output folder, from before the earlier output is
  // read until the new one is in place; see generator/emit/lock.ts.
  const lock = await lockOutput(options.outDir).catch((error: unknown) => {
    if (error instanceof OutputLockedError) throw new GenerateError(error.message);
    // The lock is the first file written beside the output folder, so its failure means the folder cannot be written.
    if (typeof (error as NodeJS.ErrnoException).code === 'string') {
      throw new GenerateError(`The output folder ${options.outDir} cannot be written: ${(error as Error).message}. Choose a folder that can be created and written.`, 2);
    }
    throw error;
  });
  try {
    await recoverOutput(options.outDir);
    return await generateLocked(options);
  } finally {
    await lock.release();
  }
}

async function generateLocked(options: GenerateOptions): Promise<GenerateResult> {
  const timer = new StageTimer();
  await checkFolders(options.docsDir, options.outDir);
  const cacheRoot = options.cacheDir === null ? null : path.resolve(options.cacheDir ?? defaultCacheDir());
  if (cacheRoot !== null && isInside(cacheRoot, path.resolve(options.outDir))) {
    throw new GenerateError(`The cache folder ${cacheRoot} is inside the output folder ${options.outDir}, which generate replaces as a whole. Set IAMREF_CACHE_DIR to a folder outside it, or pass --no-cache.`, 2);
  }
  const cache = cacheRoot === null ? undefined : await CacheStore.open(cacheRoot);
  const sources = await findDocsPages(options.docsDir, options.outDir);
  const overridesFile = options.overridesFile ?? path.join(options.docsDir, OVERRIDES_FILE);
  const overridesName = options.overridesFile ?? OVERRIDES_FILE;

  // A run identical to an earlier one that wrote nothing returns its result.
  let inputs: string | undefined;
  let earlierOutput: string | null = null;
  if (cache) {
    const runInputs = { pages: sources, date: options.date, templatesDir: options.templatesDir, overridesPath: overridesFile, overridesName, allowRemovals: options.allowRemovals ?? false, removalThreshold: options.removalThreshold };
    const [inputsHash, folder] = await Promise.all([inputsKey(runInputs), folderKey(options.outDir)]);
    inputs = inputsHash;
    earlierOutput = folder;
    const recorded = folder === null ? undefined : await getRun<RecordedResult>(cache, runKey(inputsHash, folder));
    timer.lap('look up run record');
    if (recorded) {
      await cache.pruneOtherKeys();
      return { ...recorded, timings: timer.timings, recorded: true, cacheCounts: {} };
    }
  }

  const docs = await readDocs(options.docsDir, { outDir: options.outDir, threads: options.threads, timer, cache, sources });
  const diagnostics = [...docs.diagnostics];
  if (docs.services.length === 0) {
    const quoted = diagnostics.sort(compareDiagnostics).slice(0, MAX_DIAGNOSTICS_IN_ERROR).map(formatDiagnostic);
    const problem = docs.pageCount === 1 ? `The only page under ${options.docsDir} could not` : `None of the ${docs.pageCount} pages under ${options.docsDir} could`;
    throw new GenerateError(`${problem} be read as a reference page, so nothing was written:\n  ${quoted.join('\n  ')}`, 1, diagnostics);
  }

  const previous = await loadPreviousModel(options.outDir);
  const model = carryOver(docs.services, previous, docs.run);
  diagnostics.push(...model.diagnostics);
  const services = model.services;
  const overrides = await readOverrides(overridesFile, overridesName, options.overridesFile !== undefined);
  const overrideErrors = overrides.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
  if (overrideErrors.length > 0) {
    // Publishing without the corrections would silently undo them.
    throw new GenerateError(`The overrides file is invalid, so nothing was written:\n  ${overrideErrors.map(formatDiagnostic).join('\n  ')}`);
  }
  diagnostics.push(...overrides.diagnostics, ...applyOverrides(services, overrides.overrides, overridesName));
  timer.lap('normalize');

  const { validateModel } = await import('./validate/validate-model.js');
  const problems = validateModel(services);
  if (problems.length > 0) {
    throw new GenerateError(`The model does not match its schema, so nothing was written:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
  timer.lap('validate');

  const diff = previous === null ? null : diffModels(previous, services);
  const removals = previous === null || diff === null ? null : checkRemovals(previous, diff.changes, options.removalThreshold);
  if (removals?.tripped && !options.allowRemovals) {
    throw new GenerateError(
      `${describeRemovals(removals)}\nNothing was written. If these removals are real, run again with --allow-removals; --removal-threshold PERCENT sets the threshold.`,
      3,
    );
  }
  timer.lap('diff');

  const existingChangelog = await readOutputFile(options.outDir, CHANGELOG_FILE);
  const previousPackageVersion = readPackageVersion(await readOutputFile(options.outDir, 'package.json'));
  const context: EmitContext = { services, previous, date: options.date, templatesDir: options.templatesDir, previousPackageVersion, cache, timer };
  const files: OutputFile[] = [];
  const emitCache = new EmitCache(cache, context);
  for (const [stage, emit] of emitters(existingChangelog, diff)) {
    files.push(...(await emitCache.run(stage, emit)));
    timer.lap(stage);
  }

  // A folder whose hash was taken at the start and equals the new files' is not read again.
  const newOutput = cache ? outputKey(files) : undefined;
  const unchanged = newOutput !== undefined && earlierOutput === newOutput;
  const removedFiles = unchanged ? [] : await filesNotWritten(options.outDir, files);
  const wrote = unchanged ? false : await writeOutput(options.outDir, files);
  timer.lap('write');

  const result: RecordedResult = {
    serviceCount: services.length,
    actionCount: services.reduce((sum, service) => sum + service.actions.length, 0),
    diagnostics: diagnostics.sort(compareDiagnostics),
    pageCount: docs.pageCount,
    placeholderPages: docs.placeholderPages,
    files: files.length,
    wrote,
    removedFiles,
    diff,
    removals,
  };
  if (cache) {
    if (!wrote && inputs !== undefined && newOutput !== undefined) recordRun(cache, runKey(inputs, newOutput), result);
    await cache.flush();
    await cache.pruneOtherKeys();
  }
  return { ...result, timings: timer.timings, recorded: false, cacheCounts: Object.fromEntries(cache?.stats ?? []), cacheFailure: cache?.writeFailure };
}

/** Return whether `inner` is `outer` or lies below it. */
function isInside(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Reject output folders that would destroy input or other files: the output
 * folder is replaced as a whole, so it must not be or contain the docs
 * folder, and an existing one must be empty or hold an earlier output.
 */
async function checkFolders(docsDir: string, outDir: string): Promise<void> {
  // Symbolic links are resolved, so that a docs folder linked from inside the
  // output folder is recognised too.
  const docs = await realpath(docsDir).catch(() => path.resolve(docsDir));
  const out = await realpath(outDir).catch(() => path.resolve(outDir));
  const fromOut = path.relative(out, docs);
  if (fromOut === '' || (!fromOut.startsWith('..') && !path.isAbsolute(fromOut))) {
    throw new GenerateError(`The output folder ${outDir} is or contains the docs folder ${docsDir}, and generate replaces the output folder as a whole. Choose an output folder outside the docs folder.`, 2);
  }

  // generate replaces the output folder by renaming it, which would replace
  // a link by a folder and leave the link's target as it was.
  // path.resolve drops a trailing slash, through which lstat would follow the link.
  const link = await lstat(path.resolve(outDir)).catch(() => null);
  if (link?.isSymbolicLink()) {
    throw new GenerateError(`The output folder ${outDir} is a symbolic link, and generate replaces the output folder by renaming, which would replace the link. Give the folder it points to instead.`, 2);
  }

  let entries: string[];
  try {
    const info = await stat(out);
    if (!info.isDirectory()) throw new GenerateError(`The output folder ${outDir} is a file, not a folder.`, 2);
    entries = await readdir(out);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (entries.length === 0) return;

  // An earlier output has its model index; a folder with only a model/ folder may be anyone's.
  const index = await stat(path.join(out, 'model', 'index.json')).catch(() => null);
  if (!index?.isFile()) {
    const reason = entries.includes('model') ? 'has a model/ folder but no model/index.json' : 'contains no earlier iamref output (no model/index.json)';
    throw new GenerateError(
      `The output folder ${outDir} is not empty and ${reason}, and generate would replace it as a whole. Choose a new or empty folder, or restore model/index.json if the folder is an earlier output.`,
      2,
    );
  }
}
