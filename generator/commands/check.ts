/**
 * The `check` command: regenerate into a temporary folder and compare with
 * the committed output, so that CI notices a page edited without running
 * `generate`.
 */
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CHANGELOG_FILE } from '../emit/changelog.js';
import { DEFAULT_TEMPLATES_DIR } from '../emit/docs.js';
import { generate } from '../pipeline.js';
import { type Command, UsageError } from './command.js';
import { defaultDate } from './generate.js';

const USAGE = `Usage: iamref check [options]

Check that the output folder is up to date with the docs folder: regenerate
into a temporary folder that starts as a copy of the output folder (so the
earlier model and the changelog are the committed ones) and compare every
file. The changelog entry is dated like the newest entry of the committed
changelog, so a check on another day gives the same files.

Options:
  --docs DIR        folder of reference pages (default: docs)
  --out DIR         the committed output folder (default: generated)
  --templates DIR   folder of Liquid templates for the docs (default: the project's templates/)
  --overrides FILE  corrections of known errors of the pages (default: overrides.json in the docs folder, if any)
  --threads N       worker threads for reading pages; 0 reads on the main thread
  -h, --help        show this help

Exit status: 0 when every file is identical, 1 when the output folder is out
of date (the files that differ are listed with their first differing lines),
2 wrong usage.`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check that the output folder is up to date with the docs folder.',
  usage: USAGE,
  run,
};

/** Lines shown on each side of the first difference of a file. */
const CONTEXT_LINES = 3;

/** Files listed in full before the rest are only counted. */
const MAX_FILES_SHOWN = 20;

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
      threads: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 0)) throw new UsageError(`--threads must be a whole number of 0 or more, not "${values.threads}".`);
  const isFolder = await stat(values.out).then(
    (info) => info.isDirectory(),
    () => false,
  );
  if (!isFolder) throw new UsageError(`The output folder ${values.out} does not exist: run "iamref generate" first.`);

  const scratch = await mkdtemp(path.join(tmpdir(), 'iamref-check-'));
  try {
    const regenerated = path.join(scratch, 'generated');
    await cp(values.out, regenerated, { recursive: true });
    const committed = await readTree(values.out);

    await generate({
      docsDir: values.docs,
      outDir: regenerated,
      templatesDir: values.templates ?? DEFAULT_TEMPLATES_DIR,
      date: changelogDate(committed.get(CHANGELOG_FILE)) ?? defaultDate(),
      allowRemovals: true,
      ...(values.overrides === undefined ? {} : { overridesFile: values.overrides }),
      ...(threads === undefined ? {} : { threads }),
    });

    const differences = compareTrees(committed, await readTree(regenerated));
    if (differences.length === 0) {
      process.stderr.write(`iamref: ${values.out} is up to date with ${values.docs} (${committed.size} files).\n`);
      return 0;
    }

    process.stderr.write(`iamref: ${values.out} is out of date with ${values.docs}: ${differences.length} files differ. Run "npm run generate" and commit the result.\n`);
    for (const difference of differences.slice(0, MAX_FILES_SHOWN)) process.stderr.write(`${difference}\n`);
    if (differences.length > MAX_FILES_SHOWN) process.stderr.write(`... and ${differences.length - MAX_FILES_SHOWN} more files.\n`);
    return 1;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Return the date of the newest entry of a changelog, or undefined when it has none. */
export function changelogDate(changelog: string | undefined): string | undefined {
  return changelog === undefined ? undefined : /^## (\d{4}-\d{2}-\d{2})\b/m.exec(changelog)?.[1];
}

/**
 * Describe each file that differs between two trees: missing on one side,
 * or the first differing lines with a few lines of the file on each side.
 */
export function compareTrees(committed: Map<string, string>, regenerated: Map<string, string>): string[] {
  const files = [...new Set([...committed.keys(), ...regenerated.keys()])].sort();
  const differences: string[] = [];

  for (const file of files) {
    const before = committed.get(file);
    const after = regenerated.get(file);
    if (before === after) continue;
    if (before === undefined) differences.push(`  ${file}: missing from the committed output`);
    else if (after === undefined) differences.push(`  ${file}: no longer generated`);
    else differences.push(firstDifference(file, before, after));
  }
  return differences;
}

function firstDifference(file: string, before: string, after: string): string {
  const old = before.split('\n');
  const current = after.split('\n');
  let line = 0;
  while (line < old.length && line < current.length && old[line] === current[line]) line++;

  const shown = [`  ${file}: first difference at line ${line + 1}`];
  for (const text of old.slice(line, line + CONTEXT_LINES)) shown.push(`    - ${text}`);
  for (const text of current.slice(line, line + CONTEXT_LINES)) shown.push(`    + ${text}`);
  return shown.join('\n');
}

/** Read every file under `root` with its text, keyed by its path relative to `root` with `/` separators. */
async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, absolute).split(path.sep).join('/'), await readFile(absolute, 'utf8'));
  }
  return files;
}
