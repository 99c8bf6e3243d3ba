/** The `generate` command: read the pages and write every output. */
import { parseArgs } from 'node:util';
import { type Diagnostic, formatDiagnostic } from '../diagnostics.js';
import { type Change, RULE_IDS, type RuleId } from '../diff/index.js';
import { DEFAULT_TEMPLATES_DIR } from '../emit/docs.js';
import { GenerateError, generate } from '../pipeline.js';
import { type Command, UsageError } from './command.js';

const USAGE = `Usage: iamref generate [options]

Read the reference pages and write the model, TypeScript, schemas and docs.

Options:
  --docs DIR        folder of reference pages, read recursively (default: docs)
  --out DIR         output folder, replaced as a whole on success (default: generated)
  --templates DIR   folder of Liquid templates for the docs (default: the project's templates/)
  --overrides FILE  corrections of known errors of the pages (default: overrides.json in the docs folder, if any)
  --date YYYY-MM-DD date of the changelog entry (default: SOURCE_DATE_EPOCH, else today in UTC)
  --format FORMAT   how diagnostics are printed: text or json (default: text)
  --strict          exit with status 1 on warnings too
  --threads N       worker threads for reading pages, at most one per core; 0 reads on the main thread (default: one per core)
  --timings         print the wall time of each stage and what the cache reused
  --no-cache        neither read nor write the cache (node_modules/.cache/iamref, or IAMREF_CACHE_DIR)
  --allow-removals  publish a run that trips the removal guard
  --removal-threshold PERCENT
                    the removal guard: a run that would remove more than PERCENT of the known
                    actions, or every action of a service, writes nothing and exits with
                    status 3 (default: 5)
  -h, --help        show this help

Exit status: 0 success, 1 errors in the input or a failed run, 2 wrong usage,
3 the removal guard held the run back (nothing was written).`;

export const generateCommand: Command = {
  name: 'generate',
  summary: 'Read the reference pages and write the model, TypeScript, schemas and docs.',
  usage: USAGE,
  run,
};

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      docs: { type: 'string', default: 'docs' },
      out: { type: 'string', default: 'generated' },
      templates: { type: 'string' },
      overrides: { type: 'string' },
      date: { type: 'string' },
      format: { type: 'string', default: 'text' },
      strict: { type: 'boolean', default: false },
      threads: { type: 'string' },
      timings: { type: 'boolean', default: false },
      'no-cache': { type: 'boolean', default: false },
      'allow-removals': { type: 'boolean', default: false },
      'removal-threshold': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`--format must be text or json, not "${values.format}".`);
  if (values.out.trim() === '') throw new UsageError('--out must name a folder.');
  if (values.docs.trim() === '') throw new UsageError('--docs must name a folder.');
  const date = values.date ?? defaultDate();
  if (!isCalendarDate(date)) throw new UsageError(`--date must be a real date written YYYY-MM-DD, not "${date}".`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) throw new UsageError(`--threads must be a whole number of 0 or more, not "${values.threads}".`);

  const removalThreshold = parseThreshold(values['removal-threshold']);

  const started = performance.now();
  const result = await generate({
    docsDir: values.docs,
    outDir: values.out,
    templatesDir: values.templates ?? DEFAULT_TEMPLATES_DIR,
    ...(values.overrides === undefined ? {} : { overridesFile: values.overrides }),
    allowRemovals: values['allow-removals'],
    ...(removalThreshold === undefined ? {} : { removalThreshold }),
    date,
    ...(threads === undefined ? {} : { threads }),
    ...(values['no-cache'] ? { cacheDir: null } : {}),
  }).catch((error: unknown) => {
    // With --format json, a run stopped by its pages still prints their diagnostics on stdout.
    if (error instanceof GenerateError && error.diagnostics.length > 0 && values.format === 'json') printDiagnostics(error.diagnostics, 'json');
    throw error;
  });

  printDiagnostics(result.diagnostics, values.format);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const outcome = result.wrote
    ? `wrote ${count(result.files, 'file')} to ${values.out}`
    : `${values.out} already held these ${count(result.files, 'file')}${result.recorded ? ' (known from an identical earlier run)' : ''}, so nothing was written`;
  process.stderr.write(
    `iamref: read ${count(result.pageCount, 'page')} into ${count(result.serviceCount, 'service')} with ${count(result.actionCount, 'action')}; ${outcome} in ${seconds} s.\n`,
  );
  if (result.cacheFailure !== undefined) {
    process.stderr.write(`iamref: the cache could not be written (${result.cacheFailure}), so the next run will not be faster; the output does not depend on it. Set IAMREF_CACHE_DIR to a writable folder, or pass --no-cache.\n`);
  }
  if (result.removedFiles.length > 0) {
    const named = result.removedFiles.slice(0, MAX_REMOVED_SHOWN).join(', ');
    const more = result.removedFiles.length > MAX_REMOVED_SHOWN ? `, and ${result.removedFiles.length - MAX_REMOVED_SHOWN} more` : '';
    process.stderr.write(`iamref: removed ${count(result.removedFiles.length, 'file')} of the earlier ${values.out} that this run does not write: ${named}${more}.\n`);
  }
  if (result.diff) {
    const counts = countByRule(result.diff.changes);
    const summary = counts.length === 0 ? 'no change' : counts.map(([id, count]) => `${count} ${id}`).join(', ');
    process.stderr.write(`iamref: since the earlier model: ${summary}; recommended version bump: ${result.diff.semver}.\n`);
  }
  if (result.removals?.tripped) {
    process.stderr.write(`iamref: published the removal of ${result.removals.removedActions.length} actions because of --allow-removals.\n`);
  }
  if (values.timings) {
    for (const [stage, milliseconds] of Object.entries(result.timings)) process.stderr.write(`iamref: ${stage}: ${milliseconds.toFixed(0)} ms\n`);
    for (const [kind, counts] of Object.entries(result.cacheCounts)) process.stderr.write(`iamref: cache, ${kind}: ${counts.reused} reused, ${counts.computed} computed\n`);
  }
  if (result.placeholderPages.length > 0) {
    process.stderr.write(
      `iamref: ${result.placeholderPages.length} pages link to the website instead of listing their actions, so only their resource types and condition keys were read: ${result.placeholderPages.join(', ')}\n`,
    );
  }

  const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
  return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
}

/** Removed files named in the summary; the rest are counted. */
const MAX_REMOVED_SHOWN = 10;

/** Parse `--removal-threshold`: a percentage from 0 to 100; undefined when the option is absent. */
export function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const percent = Number(text.replace(/%$/, ''));
  if (text.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new UsageError(`--removal-threshold must be a percentage from 0 to 100, such as 5 or 2.5, not "${text}".`);
  }
  return percent;
}

/** Count changes per rule id, in the order of the rule table. */
export function countByRule(changes: Change[]): Array<[RuleId, number]> {
  const counts = new Map<RuleId, number>();
  for (const item of changes) counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
  return RULE_IDS.filter((id) => counts.has(id)).map((id) => [id, counts.get(id)!]);
}

export function printDiagnostics(diagnostics: Diagnostic[], format: string): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(diagnostics, null, 2)}\n`);
    return;
  }
  for (const diagnostic of diagnostics) {
    if (diagnostic.severity !== 'info') process.stderr.write(`${formatDiagnostic(diagnostic)}\n`);
  }

  const counts = new Map<string, number>();
  for (const diagnostic of diagnostics) {
    const key = `${diagnostic.severity} ${diagnostic.ruleId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of [...counts.entries()].sort()) process.stderr.write(`iamref: ${count} × ${key}\n`);
}

/** Return "1 page" or "3 pages". */
function count(value: number, noun: string): string {
  return `${value} ${noun}${value === 1 ? '' : 's'}`;
}

/** The changelog date: from SOURCE_DATE_EPOCH (seconds) when set, so that builds are repeatable, else today in UTC. */
export function defaultDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return new Date().toISOString().slice(0, 10);

  const when = /^\d{1,12}$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  if (!when || Number.isNaN(when.getTime())) throw new UsageError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not "${epoch}".`);
  return when.toISOString().slice(0, 10);
}

/** True for `YYYY-MM-DD` strings that name a day of the calendar (not 2020-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

