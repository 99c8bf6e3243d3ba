/**
 * The changelog emitter: compares the new model with the previous one with
 * the diff engine (generator/diff/) and writes its changes as a dated entry
 * of `CHANGELOG.md`, newest entry first. Description changes are left out.
 */
import { diffModels, type ModelDiff, withoutDescriptions } from '../diff/index.js';
import { renderMarkdownSections } from '../diff/format.js';
import type { Emitter, EmitContext, OutputFile } from './types.js';

/** The changelog's path relative to the output folder. */
export const CHANGELOG_FILE = 'CHANGELOG.md';

const CHANGELOG_TITLE = '# Changelog';

/**
 * Renders the changelog entry for `date` (`YYYY-MM-DD`): a `## <date>`
 * heading, the recommended version bump, the services added and removed,
 * then a section per service with a list per kind of change. Returns null
 * when nothing but descriptions changed.
 */
export function renderChangelogEntry(diff: ModelDiff, date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`Invalid changelog date ${JSON.stringify(date)}: expected YYYY-MM-DD.`);
  }

  const sections = renderMarkdownSections(withoutDescriptions(diff.changes));
  if (sections === '') return null;
  return `## ${date}\n\nRecommended version bump: ${diff.semver}.\n\n${sections}`;
}

/**
 * Puts `entry` at the top of an existing changelog, below its `# ` title
 * (`# Changelog` when there is none). An older entry with the same date is
 * kept: two runs on one day that each changed the model record two sets of
 * changes, and a run that changed nothing writes no entry.
 * Text between the title and the first entry stays where it is.
 */
export function mergeChangelog(existing: string | null, entry: string): string {
  const newEntry = entry.replace(/\r\n?/g, '\n').trim();
  const heading = newEntry.split('\n', 1)[0] ?? '';
  if (!heading.startsWith('## ')) {
    throw new Error(`Invalid changelog entry: it must start with a "## <date>" heading, but starts with ${JSON.stringify(heading)}.`);
  }

  const { title, preamble, entries } = splitChangelog(existing ?? '');
  // Merging the entry that is already on top again changes nothing.
  const olderEntries = entries[0] === newEntry ? entries.slice(1) : entries;
  const blocks = [title ?? CHANGELOG_TITLE, preamble, newEntry, ...olderEntries].filter((block) => block !== '');
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Splits a changelog into its `# ` title, the text before the first `## `
 * heading, and the entries, each from its `## ` heading to the next.
 */
function splitChangelog(text: string): { title: string | null; preamble: string; entries: string[] } {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');

  let title: string | null = null;
  const firstContent = lines.findIndex((line) => line.trim() !== '');
  if (firstContent >= 0 && /^# /.test(lines[firstContent] ?? '')) {
    title = (lines[firstContent] ?? '').trimEnd();
    lines.splice(0, firstContent + 1);
  }

  // NOTE: a "## " line inside a fenced code block also starts a new entry here.
  const blocks: string[][] = [[]];
  for (const line of lines) {
    if (line.startsWith('## ')) blocks.push([]);
    blocks[blocks.length - 1]?.push(line);
  }

  const [preambleLines = [], ...entryLines] = blocks;
  return {
    title,
    preamble: preambleLines.join('\n').trim(),
    entries: entryLines.map((block) => block.join('\n').trim()),
  };
}

/**
 * Returns an emitter that writes `CHANGELOG.md` as `existingChangelog` with
 * the entry for `context.date` on top. `diff` is the diff of the run when
 * the caller has it already; otherwise the emitter compares the models of
 * the context. With no previous model (the first generation) or no change,
 * it writes `existingChangelog` unchanged, or nothing when that is null.
 */
export function createChangelogEmitter(existingChangelog: string | null, diff: ModelDiff | null = null): Emitter {
  return async (context: EmitContext): Promise<OutputFile[]> => {
    const changes = context.previous === null ? null : (diff ?? diffModels(context.previous, context.services));
    const entry = changes === null ? null : renderChangelogEntry(changes, context.date);

    if (entry === null) {
      return existingChangelog === null ? [] : [{ path: CHANGELOG_FILE, content: existingChangelog }];
    }
    return [{ path: CHANGELOG_FILE, content: mergeChangelog(existingChangelog, entry) }];
  };
}

/**
 * Writes `CHANGELOG.md` holding only the entry for `context.date`. EmitContext
 * carries no existing changelog, so a caller that must keep earlier entries
 * uses createChangelogEmitter with the current file's text instead.
 */
export const emitChangelog: Emitter = createChangelogEmitter(null);
