/**
 * Render the changes of a diff as JSON or as a Markdown changelog grouped by
 * service: the services added and removed first, then one section per
 * service with a list per rule. Description changes are left out unless
 * requested.
 */
import type { ModelDiff } from './index.js';
import { type Change, type ChangeValue, RULES, type RuleId } from './rules.js';

export interface FormatOptions {
  /** Show `description-changed` changes (default: false). */
  descriptions?: boolean;
  /** Append the source position of each change, `(file:line)` (default: false). */
  positions?: boolean;
  /** The level of the section headings, 2 for `##` (default: 3). */
  headingLevel?: number;
}

/** Render the JSON document of `iamref diff --format json`: the bump and the changes shown. */
export function renderJson(diff: ModelDiff, options: FormatOptions = {}): string {
  const changes = options.descriptions ? diff.changes : diff.changes.filter((item) => item.id !== 'description-changed');
  return `${JSON.stringify({ semver: diff.semver, changes }, null, 2)}\n`;
}

/**
 * Render the changes as Markdown sections, without a title; an empty string
 * when no change is shown.
 */
export function renderMarkdownSections(changes: Change[], options: FormatOptions = {}): string {
  const heading = '#'.repeat(options.headingLevel ?? 3);
  const shown = options.descriptions ? changes : changes.filter((item) => item.id !== 'description-changed');
  const blocks: string[] = [];

  for (const id of ['service-added', 'service-removed'] as const) {
    const items = shown.filter((item) => item.id === id);
    if (items.length > 0) blocks.push(`${heading} ${RULES[id].title}`, bulletList(items.map((item) => describe(item, options))));
  }

  const byService = new Map<string, Change[]>();
  for (const item of shown) {
    if (item.id === 'service-added' || item.id === 'service-removed') continue;
    const list = byService.get(item.prefix) ?? [];
    list.push(item);
    byService.set(item.prefix, list);
  }
  for (const [prefix, items] of byService) blocks.push(`${heading} ${prefix}`, ...serviceSection(items, options));

  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

/** Render one line with the bump and the number of changes of each severity. */
export function renderSummary(diff: ModelDiff, options: FormatOptions = {}): string {
  const shown = options.descriptions ? diff.changes : diff.changes.filter((item) => item.id !== 'description-changed');
  const hidden = diff.changes.length - shown.length;
  const counts = (['breaking', 'warning', 'info'] as const)
    .map((severity) => [severity, shown.filter((item) => item.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  const parts = [`Recommended version bump: **${diff.semver}**`, `${plural(shown.length, 'change')}${counts.length > 0 ? ` (${counts.join(', ')})` : ''}`];
  if (hidden > 0) parts.push(`${plural(hidden, 'description change')} not shown (--descriptions shows them)`);
  return `${parts.join('; ')}.`;
}

/** Render the lists of one service's changes, one per rule, in the order of the rule table. */
function serviceSection(changes: Change[], options: FormatOptions): string[] {
  const blocks: string[] = [];
  const ids = [...new Set(changes.map((item) => item.id))];
  for (const id of ids) {
    const items = changes.filter((item) => item.id === id);
    blocks.push(`${RULES[id].title}:`, bulletList(groupBySubject(items).map((group) => describeGroup(id, group, options))));
  }
  return blocks;
}

/** Group consecutive changes of one subject, so that the keys added to one action make one line. */
function groupBySubject(changes: Change[]): Change[][] {
  const groups: Change[][] = [];
  for (const item of changes) {
    const last = groups[groups.length - 1];
    if (last && last[0]!.subject === item.subject && isListRule(item.id)) last.push(item);
    else groups.push([item]);
  }
  return groups;
}

const LIST_RULES = new Set<RuleId>([
  'action-resource-type-added',
  'action-resource-type-removed',
  'action-condition-key-added',
  'action-condition-key-removed',
  'dependent-action-added',
  'dependent-action-removed',
  'resource-type-condition-key-added',
  'resource-type-condition-key-removed',
]);

function isListRule(id: RuleId): boolean {
  return LIST_RULES.has(id);
}

function describeGroup(id: RuleId, group: Change[], options: FormatOptions): string {
  if (group.length === 1) return describe(group[0]!, options);
  const first = group[0]!;
  const values = group.map((item) => code(text(id.endsWith('-removed') ? item.before : item.after)));
  return `${code(first.subject)}: ${values.join(', ')}${position(first, options)}`;
}

/** Maximum number of action names listed in one `actions-table-unavailable` line. */
const MAX_LISTED_ACTIONS = 20;

/** Describe one change in a line of text, without the list marker. */
function describe(item: Change, options: FormatOptions): string {
  const subject = code(item.subject);
  const where = position(item, options);

  switch (item.id) {
    case 'service-added':
    case 'service-removed': {
      const service = (item.after ?? item.before) as { name: string; actions: number };
      return `${subject}: ${escapeInline(service.name)} (${plural(service.actions, 'action')})${where}`;
    }
    case 'actions-table-unavailable': {
      const names = item.actions ?? [];
      const listed = names.slice(0, MAX_LISTED_ACTIONS).map((name) => code(`${item.prefix}:${name}`));
      if (names.length > MAX_LISTED_ACTIONS) listed.push(`and ${names.length - MAX_LISTED_ACTIONS} more`);
      const page = item.afterSource ? code(item.afterSource.file) : 'its page';
      return `${unavailableReason(text(item.after), page)}: ${plural(names.length, 'action')} ${names.length === 1 ? 'is' : 'are'} kept, marked \`carriedOver\`: ${listed.join(', ')}${where}`;
    }
    case 'action-added':
    case 'action-removed':
    case 'condition-key-added':
    case 'condition-key-removed':
      return `${subject}${where}`;
    case 'resource-type-required-changed': {
      const after = item.after as { resourceType: string; required: boolean };
      return `${subject}: ${code(after.resourceType)} ${after.required ? 'is now required' : 'is no longer required'}${where}`;
    }
    case 'description-changed':
      return `${subject}: "${escapeInline(text(item.before))}" → "${escapeInline(text(item.after))}"${where}`;
    case 'access-level-changed':
    case 'condition-key-type-changed':
      return `${subject}: ${text(item.before)} → ${text(item.after)}${where}`;
    case 'arn-pattern-changed':
      return `${subject}: ${code(text(item.before))} → ${code(text(item.after))}${where}`;
    default:
      return `${subject}: ${code(text(item.id.endsWith('-removed') ? item.before : item.after))}${where}`;
  }
}

/** Explain why a page no longer lists actions, from the `after` value of `actions-table-unavailable`. */
function unavailableReason(state: string, page: string): string {
  switch (state) {
    case 'placeholder':
      return `The actions table of ${page} became a link to the website`;
    case 'empty':
      return `The actions table of ${page} gave no action`;
    case 'incomplete':
      return `Rows of the actions table of ${page} could not be read`;
    case 'unreadable':
      return `${page.charAt(0).toUpperCase()}${page.slice(1)} could not be read`;
    default:
      return `${page.charAt(0).toUpperCase()}${page.slice(1)} has no actions section`;
  }
}

function position(item: Change, options: FormatOptions): string {
  if (!options.positions) return '';
  const source = item.afterSource ?? item.beforeSource;
  return source ? ` (${source.file}:${source.line})` : '';
}

function text(value: ChangeValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Return a code span of `value`, with a longer fence when `value` contains backticks. */
function code(value: string): string {
  const longest = Math.max(0, ...[...value.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const padding = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${padding}${value}${padding}${fence}`;
}

function bulletList(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
}

/** Escape the characters that would turn a name or description into Markdown markup. */
function escapeInline(value: string): string {
  return value.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/\s+/g, ' ');
}
