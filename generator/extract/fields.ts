/** Field values that every dialect writes the same way. */
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { report } from '../diagnostics.js';
import { ACCESS_LEVELS, type AccessLevel, type ActionResourceType } from '../model/types.js';

const LEVELS = new Map<string, AccessLevel>(ACCESS_LEVELS.map((level) => [level.toLowerCase(), level]));

/**
 * Read an access level cell. An empty cell (the tables of 2018 left them
 * empty) is unknown and returns null quietly; any other text that is not one
 * of the five levels gives an `unknown-access-level` diagnostic.
 */
export function parseAccessLevel(text: string, file: VFile, place: Node | undefined): AccessLevel | null {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  if (!trimmed) return null;

  const level = LEVELS.get(trimmed.toLowerCase());
  if (level) return level;

  // Today's Markdown pages write "Tagging, Write" or "Permissions management,
  // Write" where the HTML pages of the same day write "Tagging" or
  // "Permissions management": the first level is the action's own.
  const parts = trimmed.split(/\s*,\s*/).map((part) => LEVELS.get(part.toLowerCase()));
  if (parts.length > 1 && parts.every((part) => part !== undefined)) {
    report(file, 'info', 'combined-access-level', `The access level "${trimmed}" names several levels; the first, "${parts[0]}", is used.`, { place, actual: trimmed });
    return parts[0]!;
  }

  report(file, 'warning', 'unknown-access-level', `"${trimmed}" is not an access level, so the action's access level is left unknown.`, {
    place,
    expected: [...ACCESS_LEVELS],
    actual: trimmed,
  });
  return null;
}

/** Read a resource type reference such as `accesspoint*`: the `*` marks a required resource type. */
export function parseResourceTypeRef(text: string): ActionResourceType {
  const trimmed = text.trim();
  const required = trimmed.endsWith('*');
  return { name: required ? trimmed.slice(0, -1).trim() : trimmed, required };
}

/** Return the sorted, de-duplicated values. */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/** Compare by UTF-16 code units, so that the order never depends on the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** True for names that IAM accepts as an action name. */
export function isActionName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}
