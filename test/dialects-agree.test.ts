/**
 * Today's Markdown pages and the HTML pages of 2026-06-14 describe the same
 * services. For every Markdown page with an HTML page of the same title, the
 * two readers must agree on actions, access levels, resource types and
 * condition keys, except for the differences listed here with their reason.
 * The pages were saved on different days, so the later Markdown pages have a
 * few actions that the HTML snapshot does not have yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '../generator/extract/page.js';
import type { PageContent } from '../generator/extract/types.js';
import { CORPUS, HAS_CORPUS } from './helpers/run-cli.js';

const HTML_FOLDER = path.join(CORPUS, 'service-authorization-html/2026-06-14');
const MARKDOWN_FOLDERS = [path.join(CORPUS, 'modern-md'), path.join(CORPUS, 'modern-md/variant')];

/** Differences that are explained: what only the Markdown page has, because it was saved later. */
interface NewerInMarkdown {
  actions: string[];
  resourceTypes: string[];
  conditionKeys: string[];
  reason: string;
}

const NEWER_IN_MARKDOWN: Record<string, NewerInMarkdown> = {
  'list_artifact.md': {
    actions: [
      'CreateComplianceInquiry',
      'ExportComplianceInquiry',
      'GetComplianceInquiryMetadata',
      'ListComplianceInquiries',
      'ListComplianceInquiryQueries',
      'ListTagsForResource',
      'PutComplianceInquiryFeedback',
      'TagResource',
      'UntagResource',
    ],
    resourceTypes: ['compliance-inquiry'],
    conditionKeys: ['aws:RequestTag/${TagKey}', 'aws:ResourceTag/${TagKey}', 'aws:TagKeys'],
    reason: 'AWS Artifact added compliance inquiries and tagging after the HTML snapshot was saved.',
  },
  'list_iam.md': {
    actions: ['GetAccountProperties', 'GetRoleTemplateVersion', 'PutAccountProperties'],
    resourceTypes: ['role-template'],
    conditionKeys: ['iam:AccountPropertyNamespaces', 'iam:RoleTemplateARN'],
    reason: 'IAM added account properties and role templates after the HTML snapshot was saved.',
  },
};

function read(folder: string, name: string): PageContent {
  const content = extractPage({ file: name, bytes: readFileSync(path.join(folder, name)) }).content;
  if (!content) throw new Error(`${name} could not be read`);
  return content;
}

function htmlPagesByTitle(): Map<string, PageContent> {
  const pages = new Map<string, PageContent>();
  for (const name of readdirSync(HTML_FOLDER)) {
    const content = extractPage({ file: name, bytes: readFileSync(path.join(HTML_FOLDER, name)) }).content;
    if (content) pages.set(content.title.toLowerCase(), content);
  }
  return pages;
}

/** List every Markdown page as [label, folder, file name]. */
function markdownPages(): Array<[string, string, string]> {
  return MARKDOWN_FOLDERS.flatMap((folder) =>
    readdirSync(folder)
      .filter((name) => name.endsWith('.md'))
      .map((name): [string, string, string] => [path.relative(CORPUS, path.join(folder, name)), folder, name]),
  );
}

/** Return the names in `a` that are not in `b`, sorted. */
function missing(a: Iterable<string>, b: Iterable<string>): string[] {
  const other = new Set(b);
  return [...a].filter((name) => !other.has(name)).sort();
}

describe.skipIf(!HAS_CORPUS)('Markdown and HTML pages of one service', () => {
  const html = HAS_CORPUS ? htmlPagesByTitle() : new Map<string, PageContent>();

  it.each(HAS_CORPUS ? markdownPages() : [])('%s agrees with its HTML page', (_label, folder, name) => {
    const markdown = read(folder, name);
    const page = html.get(markdown.title.toLowerCase());
    if (!page) {
      // AWS Agent Registry launched after the HTML snapshot was saved.
      expect(name).toBe('list_agent-registry.md');
      return;
    }
    const newer: NewerInMarkdown = NEWER_IN_MARKDOWN[name] ?? { actions: [], resourceTypes: [], conditionKeys: [], reason: 'none' };

    expect(markdown.prefix).toBe(page.prefix);
    expect(missing(markdown.actions.map((action) => action.name), page.actions.map((action) => action.name))).toEqual(newer.actions);
    expect(missing(page.actions.map((action) => action.name), markdown.actions.map((action) => action.name))).toEqual([]);
    expect(missing(markdown.resourceTypes.map((resourceType) => `${resourceType.name} ${resourceType.arnPattern}`), page.resourceTypes.map((resourceType) => `${resourceType.name} ${resourceType.arnPattern}`))).toEqual(
      markdown.resourceTypes.filter((resourceType) => newer.resourceTypes.includes(resourceType.name)).map((resourceType) => `${resourceType.name} ${resourceType.arnPattern}`).sort(),
    );
    expect(missing(markdown.conditionKeys.map((key) => `${key.name} ${key.type}`), page.conditionKeys.map((key) => `${key.name} ${key.type}`))).toEqual(
      markdown.conditionKeys.filter((key) => newer.conditionKeys.includes(key.name)).map((key) => `${key.name} ${key.type}`).sort(),
    );

    const resourceKeys = new Map(markdown.resourceTypes.map((resourceType) => [resourceType.name, resourceType.conditionKeys]));
    const htmlActions = new Map(page.actions.map((action) => [action.name, action]));
    for (const action of markdown.actions) {
      const other = htmlActions.get(action.name);
      if (!other) continue;

      expect(action.accessLevel, action.name).toBe(other.accessLevel);
      expect(Boolean(action.permissionOnly), action.name).toBe(Boolean(other.permissionOnly));
      expect((action.resourceTypes ?? []).map((resourceType) => `${resourceType.name}${resourceType.required ? '*' : ''}`).sort(), action.name).toEqual(
        (other.resourceTypes ?? []).map((resourceType) => `${resourceType.name}${resourceType.required ? '*' : ''}`).sort(),
      );

      // The Markdown rendering repeats, on each action, the condition keys of
      // the action's resource types; the HTML actions table does not. Any
      // other key must be on both pages, except keys that are newer.
      const ownKeys = new Set((action.resourceTypes ?? []).flatMap((resourceType) => resourceKeys.get(resourceType.name) ?? []));
      const unexplained = missing(action.conditionKeys ?? [], other.conditionKeys ?? []).filter((key) => !ownKeys.has(key) && !newer.conditionKeys.includes(key));
      expect(unexplained, action.name).toEqual([]);
      expect(missing(other.conditionKeys ?? [], action.conditionKeys ?? []), action.name).toEqual([]);
    }
  });
});
