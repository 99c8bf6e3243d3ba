/**
 * The `history` command: replay every revision of a git repository that
 * touched the reference pages, oldest first, and write the changelog of the
 * whole history.
 */
import { rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { renderMarkdownSections } from '../diff/format.js';
import { checkRemovals, DEFAULT_REMOVAL_THRESHOLD, describeRemovals, type RemovalCheck } from '../diff/guard.js';
import { type Change, diffModels, type RuleId, type SemverBump, withoutDescriptions } from '../diff/index.js';
import type { Service } from '../model/types.js';
import { carryOver } from '../normalize/carry-over.js';
import { DEFAULT_PAGE_PATTERN, GitError, GitPageReader, listRevisions, type GitSource } from '../read/git.js';
import { type Command, UsageError } from './command.js';
import { countByRule, parseThreshold } from './generate.js';
import { makeFolder } from '../folders.js';

const USAGE = `Usage: iamref history --git REPO --out DIR [options]

Replay every revision of the git repository REPO that changed a reference
page, oldest first. Each revision is read (without a checkout), its pages
are merged into services, actions its pages no longer list are carried over
from the last revision applied, and it is compared with that revision. A
revision that trips the removal guard (for example one in which every page
is absent) is recorded as an anomaly and not applied, so the next revision
is compared with the last one applied; but when that next revision still
removes every action the held-back one removes, the removal lasts and the
held-back revision is applied. Each distinct page is parsed once.

Writes DIR/CHANGELOG.md, one dated section per revision, newest first, and
DIR/changes.json, each revision's commit, date, status and changes.

Options:
  --git REPO        the repository (required)
  --out DIR         folder for CHANGELOG.md and changes.json, created when missing (required)
  --path DIR        the folder of the pages in the repository (default: the whole repository)
  --pages PATTERN   the file name pattern of the pages, with * and ? (default: ${DEFAULT_PAGE_PATTERN})
  --removal-threshold PERCENT
                    the removal guard's threshold in percent of the known actions (default: ${DEFAULT_REMOVAL_THRESHOLD})
  --descriptions    also record changed descriptions
  --threads N       worker threads for reading pages; 0 reads on the main thread (default: one per core)
  -h, --help        show this help`;

export const historyCommand: Command = {
  name: 'history',
  summary: 'Replay the revisions of a git repository and write the changelog of its history.',
  usage: USAGE,
  run,
};

/** The outcome of a revision: the first one read, applied, or held back by the removal guard (an anomaly). */
export type RevisionStatus = 'first' | 'applied' | 'anomaly';

export interface RevisionRecord {
  commit: string;
  date: string;
  status: RevisionStatus;
  pages: number;
  services: number;
  actions: number;
  semver: SemverBump;
  /** The changes from the last applied revision; empty for the first revision and for an anomaly. */
  changes: Change[];
  /** For an anomaly: what the revision would have removed, and the guard's message. */
  heldBack?: RemovalSummary;
  /** For a revision applied although it tripped the removal guard, because the next revision removes the same actions. */
  confirmedRemoval?: RemovalSummary;
}

/** The removals of a revision that trips the removal guard. */
export interface RemovalSummary {
  knownActions: number;
  removedActions: number;
  percent: number;
  servicesEmptied: string[];
  message: string;
}

export interface HistoryFigures {
  revisions: number;
  anomalies: number;
  /** Changes of the applied revisions per rule id, in the order of the rule table. */
  changesPerRule: Array<[RuleId, number]>;
  /** Distinct pages (blob and path) extracted. */
  pagesParsed: number;
  seconds: number;
}

export interface HistoryOptions extends GitSource {
  thresholdPercent?: number;
  /** Worker threads for extracting pages; 0 extracts on this thread (default: one per core). */
  threads?: number;
  /** Keep description changes (default: false). */
  descriptions?: boolean;
}

/**
 * Replay the revisions that changed a page, oldest first.
 *
 * A revision that trips the removal guard is held back as an anomaly, and
 * the next revision is compared with the last one applied. A removal that
 * lasts is real, though: when the next revision, compared with the last one
 * applied, would still remove every action that the held-back revision
 * removes, the held-back revision is applied with its removals. A revision
 * without any page is always an anomaly.
 */
export async function replayHistory(options: HistoryOptions): Promise<{ revisions: RevisionRecord[]; figures: HistoryFigures }> {
  const started = performance.now();
  const reader = new GitPageReader(options);
  const revisions = listRevisions(options);
  await reader.prefetch(revisions.map((revision) => revision.commit), options.threads);
  const records: RevisionRecord[] = [];
  let applied: Service[] | null = null;

  const read = (index: number, earlier: Service[] | null): { pages: number; services: Service[] } => {
    const docs = reader.read(revisions[index]!.commit);
    return { pages: docs.pageCount, services: carryOver(docs.services, earlier, docs.run).services };
  };

  revisions.forEach((revision, index) => {
    const model = read(index, applied);
    const base = { commit: revision.commit, date: revision.date, pages: model.pages, services: model.services.length, actions: countActions(model.services) };

    if (applied === null) {
      records.push({ ...base, status: 'first', semver: 'none', changes: [] });
      applied = model.services;
      return;
    }

    const diff = diffModels(applied, model.services);
    const removals = checkRemovals(applied, diff.changes, options.thresholdPercent);
    const summary = removals.tripped ? summarizeRemovals(removals) : undefined;
    if (summary && !(model.pages > 0 && lastsInNextRevision(removals, index + 1))) {
      records.push({ ...base, status: 'anomaly', semver: 'none', changes: [], heldBack: summary });
      return;
    }

    const changes = options.descriptions ? diff.changes : withoutDescriptions(diff.changes);
    records.push({ ...base, status: 'applied', semver: diff.semver, changes, ...(summary ? { confirmedRemoval: summary } : {}) });
    applied = model.services;
  });

  /** True when the revision at `next`, compared with the last one applied, still removes every action in `removals`. */
  function lastsInNextRevision(removals: RemovalCheck, next: number): boolean {
    if (next >= revisions.length || applied === null) return false;
    const later = read(next, applied);
    const laterRemovals = checkRemovals(applied, diffModels(applied, later.services).changes, options.thresholdPercent);
    const stillRemoved = new Set(laterRemovals.removedActions);
    return laterRemovals.tripped && removals.removedActions.every((action) => stillRemoved.has(action));
  }

  const figures: HistoryFigures = {
    revisions: records.length,
    anomalies: records.filter((record) => record.status === 'anomaly').length,
    changesPerRule: countByRule(records.flatMap((record) => record.changes)),
    pagesParsed: reader.pagesParsed,
    seconds: (performance.now() - started) / 1000,
  };
  return { revisions: records, figures };
}

function summarizeRemovals(removals: RemovalCheck): RemovalSummary {
  return {
    knownActions: removals.knownActions,
    removedActions: removals.removedActions.length,
    percent: Number(removals.percent.toFixed(2)),
    servicesEmptied: removals.servicesEmptied,
    message: describeRemovals(removals),
  };
}

/** Render the changelog of a replayed history: one section per revision, newest first. */
export function renderHistoryChangelog(revisions: RevisionRecord[], source: string): string {
  const anomalies = revisions.filter((record) => record.status === 'anomaly').length;
  const blocks = [
    '# Changelog',
    `Replayed from ${source}: ${revisions.length} revisions that changed a reference page, ${anomalies} of them held back by the removal guard.`,
  ];

  for (const record of [...revisions].reverse()) {
    blocks.push(`## ${record.date} (${record.commit.slice(0, 12)})`);
    if (record.status === 'first') {
      blocks.push(`First revision read: ${record.pages} pages, ${record.services} services, ${record.actions} actions.`);
    } else if (record.status === 'anomaly') {
      const held = record.heldBack!;
      blocks.push(
        `Not applied: this revision has ${record.pages} pages and would remove ${held.removedActions} of ${held.knownActions} known actions (${held.percent} %), so the removal guard held it back and the next revision is compared with the one before it.`,
      );
    } else {
      if (record.confirmedRemoval) {
        const removal = record.confirmedRemoval;
        blocks.push(
          `The removal guard tripped on this revision (${removal.removedActions} of ${removal.knownActions} known actions${removal.servicesEmptied.length > 0 ? `, every action of ${removal.servicesEmptied.join(', ')}` : ''}), but the next revision removes the same actions, so the removal is applied as lasting.`,
        );
      }
      const sections = renderMarkdownSections(record.changes, { descriptions: true });
      blocks.push(sections === '' ? 'No change to the model.' : `Recommended version bump: ${record.semver}.\n\n${sections.trimEnd()}`);
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

/** Write `file` through a temporary file beside it, so that a reader never sees it half written. */
async function writeWhole(file: string, text: string): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  await writeFile(temporary, text);
  await rename(temporary, file);
}

async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      git: { type: 'string' },
      out: { type: 'string' },
      path: { type: 'string', default: '' },
      pages: { type: 'string', default: DEFAULT_PAGE_PATTERN },
      'removal-threshold': { type: 'string' },
      descriptions: { type: 'boolean', default: false },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.git === undefined) throw new UsageError('history needs --git REPO.');
  if (values.out === undefined) throw new UsageError('history needs --out DIR.');
  if (!existsSync(values.git)) throw new UsageError(`The repository ${values.git} does not exist.`);
  const thresholdPercent = parseThreshold(values['removal-threshold']);

  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) throw new UsageError(`--threads must be a whole number of 0 or more, not "${values.threads}".`);

  // The output folder is made first, so that a folder that cannot be written fails before the replay.
  await makeFolder(values.out).catch((error: Error) => {
    throw new UsageError(`The output folder ${values.out} cannot be created: ${error.message}.`);
  });

  let result: Awaited<ReturnType<typeof replayHistory>>;
  try {
    result = await replayHistory({
      repo: values.git,
      dir: values.path,
      pattern: values.pages,
      descriptions: values.descriptions,
      ...(thresholdPercent === undefined ? {} : { thresholdPercent }),
      ...(threads === undefined ? {} : { threads }),
    });
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
  if (result.revisions.length === 0) throw new UsageError(`No revision of ${values.git} changed a page matching ${values.pages} under "${values.path || '.'}".`);

  const source = values.path ? `${values.git} (folder ${values.path})` : values.git;
  await writeWhole(path.join(values.out, 'CHANGELOG.md'), renderHistoryChangelog(result.revisions, source));
  await writeWhole(path.join(values.out, 'changes.json'), `${JSON.stringify({ revisions: result.revisions }, null, 2)}\n`);

  printFigures(result.revisions, result.figures, values.out);
  return 0;
}

function printFigures(revisions: RevisionRecord[], figures: HistoryFigures, out: string): void {
  const anomalies = revisions.filter((record) => record.status === 'anomaly').map((record) => `${record.commit.slice(0, 12)} (${record.date})`);
  const total = figures.changesPerRule.reduce((sum, [, count]) => sum + count, 0);
  const lines = [
    `replayed ${figures.revisions} revisions in ${figures.seconds.toFixed(1)} s, parsing ${figures.pagesParsed} distinct pages; wrote CHANGELOG.md and changes.json to ${out}.`,
    `${figures.anomalies} revisions held back by the removal guard${anomalies.length > 0 ? `: ${anomalies.join(', ')}` : ''}.`,
    `${total} changes in the revisions applied:`,
    ...figures.changesPerRule.map(([id, count]) => `  ${String(count).padStart(7)} ${id}`),
  ];
  for (const line of lines) process.stderr.write(`iamref: ${line}\n`);
}

function countActions(services: Service[]): number {
  return services.reduce((sum, service) => sum + service.actions.length, 0);
}
