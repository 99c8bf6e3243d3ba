/**
 * The changelog emitter: compares the new model with the previous one and
 * writes the actions and services added and removed as a dated entry of
 * `CHANGELOG.md`, newest entry first.
 */
import type { Service } from '../model/types.js';
import type { Emitter, EmitContext, OutputFile } from './types.js';

/** The changelog's path relative to the output folder. */
export const CHANGELOG_FILE = 'CHANGELOG.md';

const CHANGELOG_TITLE = '# Changelog';

/** The services and actions added and removed between two models, with every list sorted. */
export interface ModelChanges {
  servicesAdded: { prefix: string; name: string; actions: number }[];
  servicesRemoved: { prefix: string; name: string; actions: number }[];
  /** Services present in both models whose actions changed, sorted by prefix. */
  services: { prefix: string; added: string[]; removed: string[] }[];
}

interface ServiceActions {
  name: string;
  actions: Set<string>;
}

/**
 * Compares two models by service prefix and action name. Names compare as
 * written, so a change of letter case shows as one action removed and one added.
 */
export function compareModels(previous: Service[], services: Service[]): ModelChanges {
  const before = indexByPrefix(previous);
  const after = indexByPrefix(services);
  const prefixes = [...new Set([...before.keys(), ...after.keys()])].sort(compareStrings);

  const changes: ModelChanges = { servicesAdded: [], servicesRemoved: [], services: [] };
  for (const prefix of prefixes) {
    const old = before.get(prefix);
    const current = after.get(prefix);

    if (old === undefined && current !== undefined) {
      changes.servicesAdded.push({ prefix, name: current.name, actions: current.actions.size });
    } else if (old !== undefined && current === undefined) {
      changes.servicesRemoved.push({ prefix, name: old.name, actions: old.actions.size });
    } else if (old !== undefined && current !== undefined) {
      const added = [...current.actions].filter((action) => !old.actions.has(action)).sort(compareStrings);
      const removed = [...old.actions].filter((action) => !current.actions.has(action)).sort(compareStrings);
      if (added.length > 0 || removed.length > 0) changes.services.push({ prefix, added, removed });
    }
  }

  return changes;
}

/**
 * Renders the changelog entry for `date` (`YYYY-MM-DD`): a `## <date>`
 * heading, the services added and removed, then the actions added and
 * removed per service. Returns null when no service or action changed.
 */
export function renderChangelogEntry(previous: Service[], services: Service[], date: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
    throw new Error(`Invalid changelog date ${JSON.stringify(date)}: expected YYYY-MM-DD.`);
  }

  const changes = compareModels(previous, services);
  if (changes.servicesAdded.length === 0 && changes.servicesRemoved.length === 0 && changes.services.length === 0) {
    return null;
  }

  const sections = [`## ${date}`];

  if (changes.servicesAdded.length > 0) {
    sections.push('### Services added', bulletList(changes.servicesAdded.map(describeService)));
  }

  if (changes.servicesRemoved.length > 0) {
    sections.push('### Services removed', bulletList(changes.servicesRemoved.map(describeService)));
  }

  for (const service of changes.services) {
    sections.push(`### ${service.prefix}`);
    if (service.added.length > 0) {
      sections.push('Added:', bulletList(service.added.map((action) => `\`${service.prefix}:${action}\``)));
    }
    if (service.removed.length > 0) {
      sections.push('Removed:', bulletList(service.removed.map((action) => `\`${service.prefix}:${action}\``)));
    }
  }

  return `${sections.join('\n\n')}\n`;
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
 * the entry for `context.date` on top. With no previous model (the first
 * generation) or no change, it writes `existingChangelog` unchanged, or
 * nothing when that is null.
 */
export function createChangelogEmitter(existingChangelog: string | null): Emitter {
  return async (context: EmitContext): Promise<OutputFile[]> => {
    const entry = context.previous === null ? null : renderChangelogEntry(context.previous, context.services, context.date);

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

function indexByPrefix(services: Service[]): Map<string, ServiceActions> {
  const byPrefix = new Map<string, ServiceActions>();
  for (const service of services) {
    // Several entries with one prefix are merged, although the model should hold one.
    const entry = byPrefix.get(service.prefix) ?? { name: service.name, actions: new Set<string>() };
    for (const action of service.actions) entry.actions.add(action.name);
    byPrefix.set(service.prefix, entry);
  }
  return byPrefix;
}

function describeService(service: { prefix: string; name: string; actions: number }): string {
  const count = `${service.actions} ${service.actions === 1 ? 'action' : 'actions'}`;
  return `\`${service.prefix}\`: ${escapeInline(service.name)} (${count})`;
}

function bulletList(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/** Escapes the characters that would turn a service name into Markdown markup. */
function escapeInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/\s+/g, ' ');
}

/** Compares by UTF-16 code units, so that the order does not depend on the locale. */
function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
