/** The `diff` command: the changes between two docs folders, generated models or git revisions. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkRemovals, describeRemovals } from '../diff/guard.js';
import { renderJson, renderMarkdownSections, renderSummary } from '../diff/format.js';
import { diffModels } from '../diff/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Service } from '../model/types.js';
import { carryOver } from '../normalize/carry-over.js';
import { applyOverrides, OVERRIDES_FILE, readOverrides } from '../normalize/overrides.js';
import { type DocsModel, readDocs } from '../pipeline.js';
import { DEFAULT_PAGE_PATTERN, GitError, GitPageReader, resolveRevision } from '../read/git.js';
import { loadPreviousModel } from '../read/previous-model.js';
import { type Command, UsageError } from './command.js';

const USAGE = `Usage: iamref diff OLD NEW [options]
       iamref diff --git REPO OLDREV NEWREV [--path DIR] [options]

Print the changes from OLD to NEW: services, actions, access levels, resource
types, ARN patterns, condition keys and dependent actions added, removed or
changed, each with its rule id and the page and line on each side, and the
semantic-version bump they call for. OLD and NEW are each a docs folder of
reference pages or an output folder of iamref generate (one with
model/index.json). Actions that NEW no longer lists because their page lost
its actions table are reported as unavailable, not removed, as generate
keeps them.

Options:
  --format FORMAT   markdown (a changelog grouped by service) or json (default: markdown)
  --descriptions    also show changed descriptions
  --git REPO        compare two revisions of the git repository REPO, read without a checkout
  --path DIR        with --git: the folder of the pages in the repository (default: the whole repository)
  --pages PATTERN   with --git: the file name pattern of the pages, with * and ? (default: ${DEFAULT_PAGE_PATTERN})
  --threads N       worker threads for reading pages; 0 reads on the main thread (default: one per core)
  -h, --help        show this help

JSON output: { "semver": "major" | "minor" | "patch" | "none", "changes": [{ id,
severity, prefix, subject, before, after, beforeSource?, afterSource? }] }.`;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'Print the changes between two docs folders, generated models or git revisions.',
  usage: USAGE,
  run,
};

/** One side of the comparison: its services and, for pages just read, which of them list no actions. */
interface Side {
  label: string;
  services: Service[];
  docs: DocsModel | null;
  diagnostics: Diagnostic[];
}

async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'markdown' },
      descriptions: { type: 'boolean', default: false },
      git: { type: 'string' },
      path: { type: 'string' },
      pages: { type: 'string' },
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.format !== 'markdown' && values.format !== 'json') throw new UsageError(`--format must be markdown or json, not "${values.format}".`);
  if (positionals.length !== 2) {
    throw new UsageError(values.git === undefined ? 'diff takes two folders, OLD and NEW.' : 'diff --git takes two revisions, OLDREV and NEWREV.');
  }
  if (values.git === undefined && (values.path !== undefined || values.pages !== undefined)) throw new UsageError('--path and --pages go with --git.');
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) throw new UsageError(`--threads must be a whole number of 0 or more, not "${values.threads}".`);

  const [oldName, newName] = positionals as [string, string];
  const [before, after] =
    values.git === undefined
      ? await readFolders(oldName, newName, threads)
      : await readRevisions(values.git, values.path ?? '', values.pages ?? DEFAULT_PAGE_PATTERN, oldName, newName, threads);

  for (const side of [before, after]) printSide(side);
  const diff = diffModels(before.services, after.services);
  const options = { descriptions: values.descriptions, positions: true, headingLevel: 2 };

  if (values.format === 'json') {
    process.stdout.write(renderJson(diff, options));
  } else {
    const sections = renderMarkdownSections(diff.changes, options);
    process.stdout.write(`# Changes from ${before.label} to ${after.label}\n\n${renderSummary(diff, options)}\n${sections === '' ? '' : `\n${sections}`}`);
  }

  const removals = checkRemovals(before.services, diff.changes);
  if (removals.tripped) process.stderr.write(`iamref: generate would hold this change back (removal guard). ${describeRemovals(removals)}\n`);
  return 0;
}

async function readFolders(oldDir: string, newDir: string, threads: number | undefined): Promise<[Side, Side]> {
  const before = await readFolder(oldDir, null, threads);
  const after = await readFolder(newDir, before.services, threads);
  return [before, after];
}

/**
 * Read a generated model folder, or a docs folder into services as generate
 * would: with the actions of `previous` that its pages no longer list
 * carried over, and the folder's overrides file applied.
 */
async function readFolder(dir: string, previous: Service[] | null, threads: number | undefined): Promise<Side> {
  if (!existsSync(dir)) throw new UsageError(`The folder ${dir} does not exist.`);
  if (existsSync(path.join(dir, 'model', 'index.json'))) {
    return { label: dir, services: (await loadPreviousModel(dir)) ?? [], docs: null, diagnostics: [] };
  }

  const docs = await readDocs(dir, { threads });
  const carried = carryOver(docs.services, previous, docs.run);
  const overrides = await readOverrides(path.join(dir, OVERRIDES_FILE), path.join(dir, OVERRIDES_FILE));
  const applied = applyOverrides(carried.services, overrides.overrides, path.join(dir, OVERRIDES_FILE));
  return { label: dir, services: carried.services, docs, diagnostics: [...docs.diagnostics, ...overrides.diagnostics, ...applied] };
}

async function readRevisions(repo: string, dir: string, pattern: string, oldRevision: string, newRevision: string, threads: number | undefined): Promise<[Side, Side]> {
  if (!existsSync(repo)) throw new UsageError(`The repository ${repo} does not exist.`);
  try {
    const reader = new GitPageReader({ repo, dir, pattern });
    const oldCommit = resolveRevision(repo, oldRevision);
    const newCommit = resolveRevision(repo, newRevision);
    await reader.prefetch([oldCommit, newCommit], threads);

    const before = reader.read(oldCommit);
    const after = reader.read(newCommit);
    // One side without pages is a real revision (the history has commits in
    // which every page is absent); both sides without pages is a wrong --path
    // or --pages, which would otherwise read as "no change".
    if (before.pageCount === 0 && after.pageCount === 0) {
      throw new UsageError(`Neither revision has pages matching "${pattern}" under "${dir || '.'}" in ${repo}. Check --path and --pages.`);
    }
    const carried = carryOver(after.services, before.services, after.run);
    return [
      { label: `${oldRevision} (${oldCommit.slice(0, 12)})`, services: before.services, docs: before, diagnostics: before.diagnostics },
      { label: `${newRevision} (${newCommit.slice(0, 12)})`, services: carried.services, docs: after, diagnostics: after.diagnostics },
    ];
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
}

/** Print what was read on one side, with the number of page problems, on stderr. */
function printSide(side: Side): void {
  const actions = side.services.reduce((sum, service) => sum + service.actions.length, 0);
  const read = side.docs ? `${side.docs.pageCount} pages` : 'a generated model';
  const errors = side.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const warnings = side.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning').length;
  process.stderr.write(`iamref: ${side.label}: ${read}, ${side.services.length} services, ${actions} actions (${errors} errors, ${warnings} warnings in the pages).\n`);
}
