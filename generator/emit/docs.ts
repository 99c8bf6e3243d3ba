/**
 * The documentation emitter: renders `docs/<prefix>.md` for every service and
 * `docs/index.md` from Liquid templates.
 *
 * Templates are data, not code: a user's templates (`--templates DIR`) can
 * read the view model below and call the registered filters, but cannot run
 * JavaScript or read files outside their folder. Each template is parsed once
 * per call and rendered for every service.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Liquid, LiquidError, type FS, type Template } from 'liquidjs';
import { CachePack, hashFolder, hashKey } from '../cache/store.js';

import {
  ACCESS_LEVELS,
  type AccessLevel,
  type Action,
  type ActionsTableState,
  type Dialect,
  type Operation,
  type PageRecord,
  type Service,
} from '../model/types.js';
import type { EmitContext, OutputFile } from './types.js';

/** The template rendered once per service into `docs/<prefix>.md`. */
export const SERVICE_TEMPLATE = 'service.md.liquid';

/** The template rendered once into `docs/index.md`. */
export const INDEX_TEMPLATE = 'index.md.liquid';

/** The project's own `templates/` folder, found from this module's location in the source tree or in `dist/`. */
export const DEFAULT_TEMPLATES_DIR = findDefaultTemplatesDir();

/** A template that failed to parse or render, with its place in the template folder. */
export class TemplateError extends Error {
  /** The template file, relative to the template folder, or null when the error concerns the folder itself. */
  readonly file: string | null;
  readonly line: number | null;
  readonly column: number | null;

  constructor(message: string, file: string | null, line: number | null, column: number | null, cause?: unknown) {
    super(message, { cause });
    this.name = 'TemplateError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

// ---------------------------------------------------------------------------
// The view model: what templates can read
// ---------------------------------------------------------------------------

/** A resource type as an action refers to it. Fields the page leaves out are empty arrays here. */
export interface ActionResourceTypeView {
  name: string;
  required: boolean;
  conditionKeys: string[];
  dependentActions: string[];
}

/** An action, with every optional model field present so that strict templates can test it. */
export interface ActionView {
  name: string;
  /** `prefix:Action`, as a policy writes it. */
  qualifiedName: string;
  description: string | null;
  accessLevel: AccessLevel | null;
  /** The documentation link when it is an absolute http(s) URL, otherwise null. */
  documentationUrl: string | null;
  permissionOnly: boolean;
  resourceTypes: ActionResourceTypeView[] | null;
  conditionKeys: string[] | null;
  dependentActions: string[] | null;
}

/** The actions of one access level. `accessLevel` is null in the group of actions whose access level is not stated. */
export interface AccessLevelGroupView {
  accessLevel: AccessLevel | null;
  title: string;
  /** The GitHub heading anchor of `title`, without `#`. */
  anchor: string;
  actions: ActionView[];
}

/** A source page, with labels for its dialect and actions table state. */
export interface PageView {
  file: string;
  title: string;
  dialect: Dialect;
  dialectLabel: string;
  actionsTable: ActionsTableState;
  actionsTableLabel: string;
  /** The page on today's AWS documentation website, or null when the file name is not `list_<name>.md` or `.html`. */
  url: string | null;
}

/** One service, as templates see it: `service` in the service template, `services[i]` in the index template. */
export interface ServiceView {
  prefix: string;
  name: string;
  /** The service page's path relative to `docs/`. */
  file: string;
  pages: PageView[];
  /** Every action, sorted by name. */
  actions: ActionView[];
  /** The non-empty access level groups, in the reference's order, then the group whose access level is not stated. */
  accessLevelGroups: AccessLevelGroupView[];
  resourceTypes: { name: string; arnPattern: string; conditionKeys: string[] }[];
  conditionKeys: { name: string; description: string | null; type: string | null }[];
  operations: { name: string; actions: string[] }[] | null;
  counts: { actions: number; resourceTypes: number; conditionKeys: number; pages: number };
}

const DIALECT_LABELS: Record<Dialect, string> = {
  'legacy-list': 'Markdown with bullet lists (2017-12 to 2018-03)',
  'markdown-table': 'Markdown with tables (2018-04 to 2020-11)',
  'markdown-list': 'Markdown with nested lists (current website)',
  'markdown-export': 'Markdown export with tables (current website)',
  html: 'HTML (current website)',
};

const ACTIONS_TABLE_LABELS: Record<ActionsTableState, string> = {
  present: 'listed',
  placeholder: 'replaced by a link to the AWS website',
  absent: 'absent',
};

const UNKNOWN_ACCESS_LEVEL_TITLE = 'Access level not stated';

const REFERENCE_BASE_URL = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';

/** Builds the view of one service that the templates read. */
export function buildServiceView(service: Service): ServiceView {
  const actions = [...service.actions].sort((a, b) => compareStrings(a.name, b.name)).map((action) => buildActionView(service.prefix, action));

  const accessLevelGroups: AccessLevelGroupView[] = [];
  for (const accessLevel of [...ACCESS_LEVELS, null]) {
    const members = actions.filter((action) => action.accessLevel === accessLevel);
    if (members.length === 0) continue;

    const title = accessLevel ?? UNKNOWN_ACCESS_LEVEL_TITLE;
    accessLevelGroups.push({ accessLevel, title, anchor: headingAnchor(title), actions: members });
  }

  return {
    prefix: service.prefix,
    name: service.name,
    file: servicePageFile(service.prefix),
    pages: service.pages.map(buildPageView),
    actions,
    accessLevelGroups,
    resourceTypes: service.resourceTypes.map(({ name, arnPattern, conditionKeys }) => ({ name, arnPattern, conditionKeys })),
    conditionKeys: service.conditionKeys.map(({ name, description, type }) => ({ name, description, type })),
    operations: service.operations?.map((operation: Operation) => ({ name: operation.name, actions: operation.actions })) ?? null,
    counts: {
      actions: service.actions.length,
      resourceTypes: service.resourceTypes.length,
      conditionKeys: service.conditionKeys.length,
      pages: service.pages.length,
    },
  };
}

function buildActionView(prefix: string, action: Action): ActionView {
  return {
    name: action.name,
    qualifiedName: `${prefix}:${action.name}`,
    description: action.description,
    accessLevel: action.accessLevel,
    documentationUrl: isWebUrl(action.documentationUrl) ? action.documentationUrl : null,
    permissionOnly: action.permissionOnly === true,
    resourceTypes:
      action.resourceTypes?.map((resourceType) => ({
        name: resourceType.name,
        required: resourceType.required,
        conditionKeys: resourceType.conditionKeys ?? [],
        dependentActions: resourceType.dependentActions ?? [],
      })) ?? null,
    conditionKeys: action.conditionKeys,
    dependentActions: action.dependentActions,
  };
}

function buildPageView(page: PageRecord): PageView {
  // NOTE: the link is derived from the file name only. Pages of 2017 to 2020
  // lived in the IAM User Guide; AWS redirects those names to this address.
  const match = /^(list_[A-Za-z0-9_-]+)\.(?:md|html)$/.exec(path.posix.basename(page.file));

  return {
    file: page.file,
    title: page.title,
    dialect: page.dialect,
    dialectLabel: DIALECT_LABELS[page.dialect],
    actionsTable: page.actionsTable,
    actionsTableLabel: ACTIONS_TABLE_LABELS[page.actionsTable],
    url: match ? `${REFERENCE_BASE_URL}${match[1]}.html` : null,
  };
}

/** Returns `<prefix>.md`, rejecting a prefix that could name a file outside `docs/`. */
function servicePageFile(prefix: string): string {
  if (!/^[a-z0-9][a-z0-9.-]*$/i.test(prefix) || prefix.includes('..')) {
    throw new Error(`Invalid service prefix ${JSON.stringify(prefix)}: a prefix names a file in docs/, so it must contain only letters, digits, "." and "-".`);
  }
  return `${prefix}.md`;
}

function isWebUrl(value: string | undefined): value is string {
  return value !== undefined && /^https?:\/\/[^\s]+$/i.test(value);
}

/** Returns the anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Compares by UTF-16 code units, so that the order does not depend on the locale. */
function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}

// ---------------------------------------------------------------------------
// Filters for Markdown output
// ---------------------------------------------------------------------------

/**
 * Escapes text for Markdown so that it shows as written: backslash, backtick,
 * `*`, `_` at a word boundary, brackets, angle brackets, `|`, `~` and an `&`
 * that starts an entity. Runs of whitespace around a line break become
 * `lineBreak`.
 */
export function escapeMarkdown(value: unknown, lineBreak = ' '): string {
  const text = stringify(value);

  // One pass, so that the offsets seen for `_` are those of the original text.
  const escaped = text.replace(/[\\`*[\]<>|~_]|&(?=#?[A-Za-z0-9]+;)/g, (character, offset: number) => {
    const intraword = character === '_' && isWordCharacter(text[offset - 1]) && isWordCharacter(text[offset + 1]);
    return intraword ? character : `\\${character}`;
  });

  return escaped.replace(/[ \t]*(?:\r\n|\r|\n)\s*/g, lineBreak);
}

/**
 * Returns a Markdown code span of the value. A `|` is written `\|`, which
 * GFM reads as `|` inside a table cell, so the span is meant for table cells.
 * Outside a table, a value containing `|` would show the backslash.
 */
export function markdownCodeSpan(value: unknown): string {
  const text = stringify(value).replace(/\s*(?:\r\n|\r|\n)\s*/g, ' ');
  if (text === '') return '';

  const longestBacktickRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestBacktickRun + 1);
  const padding = text.startsWith('`') || text.endsWith('`') ? ' ' : '';

  return `${fence}${padding}${text.replace(/\|/g, '\\|')}${padding}${fence}`;
}

/** Percent-encodes the characters that would end a Markdown link destination or a table cell. */
export function encodeMarkdownUrl(value: unknown): string {
  return stringify(value).replace(/[\s()<>|"'`\\]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function stringify(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value);
}

function isWordCharacter(character: string | undefined): boolean {
  return character !== undefined && /[\p{L}\p{N}]/u.test(character);
}

/**
 * Writes values of a list as code spans separated by `<br>`, the line break
 * of a table cell. An empty list gives an empty string.
 */
export function markdownCodeList(values: unknown[]): string {
  return values.map(markdownCodeSpan).join('<br>');
}

/**
 * Wraps already escaped link text in a Markdown link to `url`, or returns
 * the text alone when `url` is null, undefined or empty.
 */
export function markdownLink(text: unknown, url: unknown): string {
  if (url === null || url === undefined || url === '') return stringify(text);
  return `[${stringify(text)}](${encodeMarkdownUrl(url)})`;
}

/** Writes the resource types of an action as code spans, each required one followed by `*`. */
function markdownResourceTypes(resourceTypes: ActionResourceTypeView[]): string {
  return resourceTypes.map((resourceType) => `${markdownCodeSpan(resourceType.name)}${resourceType.required ? '\\*' : ''}`).join('<br>');
}

/**
 * Registers the filters that templates can use; `strictFilters` rejects any
 * other filter name. Every `md_` filter but `md_link` takes an optional
 * argument: the text to write, unescaped, when the value is null or undefined.
 */
function registerFilters(engine: Liquid): void {
  const orWhenNull =
    <T>(format: (value: T) => string) =>
    (value: T | null | undefined, nullText?: unknown): string =>
      value === null || value === undefined ? stringify(nullText) : format(value);

  engine.registerFilter('md_text', orWhenNull((value: unknown) => escapeMarkdown(value, ' ')));
  engine.registerFilter('md_cell', orWhenNull((value: unknown) => escapeMarkdown(value, '<br>')));
  engine.registerFilter('md_code', orWhenNull(markdownCodeSpan));
  engine.registerFilter('md_url', orWhenNull(encodeMarkdownUrl));
  engine.registerFilter('md_link', markdownLink);
  engine.registerFilter('md_code_list', orWhenNull((values: unknown) => markdownCodeList(toArray(values))));
  engine.registerFilter('md_resource_types', orWhenNull((values: unknown) => markdownResourceTypes(toArray(values) as ActionResourceTypeView[])));
  engine.registerFilter('plural', (count: unknown, singular: unknown, plural: unknown) => (count === 1 ? stringify(singular) : stringify(plural)));
}

function toArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------
// The template engine
// ---------------------------------------------------------------------------

/** A file system for liquidjs that reads only inside one folder and records which file each template text came from. */
class TemplateFileSystem implements FS {
  readonly sep = path.sep;
  /** Template text to the file it was read from, relative to the folder, for naming files in render errors. */
  readonly fileByText = new Map<string, string>();

  constructor(readonly root: string) {}

  async exists(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile();
    } catch {
      return false;
    }
  }

  existsSync(file: string): boolean {
    try {
      return statSync(file).isFile();
    } catch {
      return false;
    }
  }

  async readFile(file: string): Promise<string> {
    return this.record(file, await readFile(file, 'utf8'));
  }

  readFileSync(file: string): string {
    return this.record(file, readFileSync(file, 'utf8'));
  }

  resolve(dir: string, file: string, extension: string): string {
    return path.resolve(dir, path.extname(file) === '' ? file + extension : file);
  }

  dirname(file: string): string {
    return path.dirname(file);
  }

  // Real paths, so that a symbolic link cannot reach outside the folder.
  async contains(root: string, file: string): Promise<boolean> {
    try {
      return isInside(await realpath(root), await realpath(file));
    } catch {
      return false;
    }
  }

  containsSync(root: string, file: string): boolean {
    try {
      return isInside(realpathSync(root), realpathSync(file));
    } catch {
      return false;
    }
  }

  private record(file: string, text: string): string {
    if (!this.fileByText.has(text)) this.fileByText.set(text, path.relative(this.root, file).split(path.sep).join('/'));
    return text;
  }
}

function isInside(root: string, file: string): boolean {
  return file.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** A template folder with its two templates parsed, ready to render any number of services. */
export interface DocsRenderer {
  renderService(service: Service): Promise<string>;
  renderIndex(services: Service[]): Promise<string>;
}

/**
 * Parses the service and index templates of `templatesDir` once and returns
 * a renderer for them. Throws a TemplateError naming the file and line when a
 * template is missing or does not parse.
 */
export async function loadDocsRenderer(templatesDir: string): Promise<DocsRenderer> {
  const root = path.resolve(templatesDir);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new TemplateError(`Template folder not found: ${root}. Pass a folder that contains ${SERVICE_TEMPLATE} and ${INDEX_TEMPLATE}.`, null, null, null);
  }

  const fileSystem = new TemplateFileSystem(root);
  const engine = new Liquid({
    root: [root],
    fs: fileSystem,
    relativeReference: false,
    cache: true,
    strictFilters: true,
    strictVariables: true,
    ownPropertyOnly: true,
  });
  registerFilters(engine);

  const serviceTemplate = await parseTemplate(engine, fileSystem, SERVICE_TEMPLATE);
  const indexTemplate = await parseTemplate(engine, fileSystem, INDEX_TEMPLATE);

  return {
    renderService: (service) => renderTemplate(engine, fileSystem, serviceTemplate, SERVICE_TEMPLATE, { service: buildServiceView(service) }),
    renderIndex: (services) => {
      const views = services.map(buildServiceView);
      const totals = {
        services: views.length,
        actions: sum(views.map((view) => view.counts.actions)),
        resourceTypes: sum(views.map((view) => view.counts.resourceTypes)),
        conditionKeys: sum(views.map((view) => view.counts.conditionKeys)),
      };
      return renderTemplate(engine, fileSystem, indexTemplate, INDEX_TEMPLATE, { services: views, totals });
    },
  };
}

async function parseTemplate(engine: Liquid, fileSystem: TemplateFileSystem, file: string): Promise<Template[]> {
  if (!(await fileSystem.exists(path.join(fileSystem.root, file)))) {
    throw new TemplateError(`Template ${file} not found in ${fileSystem.root}. Copy it from ${DEFAULT_TEMPLATES_DIR} and edit the copy.`, file, null, null);
  }

  try {
    return await engine.parseFile(file);
  } catch (error) {
    throw toTemplateError(error, fileSystem, file);
  }
}

async function renderTemplate(engine: Liquid, fileSystem: TemplateFileSystem, template: Template[], file: string, scope: object): Promise<string> {
  let output: string;
  try {
    output = String(engine.renderSync(template, scope));
  } catch (error) {
    throw toTemplateError(error, fileSystem, file);
  }

  return `${output.trimEnd()}\n`;
}

/**
 * Turns a liquidjs error into a TemplateError that names the template file
 * (the partial, when the error is in one) and the line, followed by the
 * lines around it.
 */
function toTemplateError(error: unknown, fileSystem: TemplateFileSystem, fallbackFile: string): Error {
  if (!(error instanceof LiquidError)) {
    const reason = error instanceof Error ? error.message : String(error);
    return new TemplateError(`Template ${fallbackFile} failed: ${reason}`, fallbackFile, null, null, error);
  }

  // Parse errors carry the absolute path; render errors carry only the template text.
  const token = error.token;
  const file = token.file !== undefined ? path.relative(fileSystem.root, token.file).split(path.sep).join('/') : (fileSystem.fileByText.get(token.input) ?? fallbackFile);
  const [line, column] = token.getPosition();

  // liquidjs ends its message with ", file:…, line:…, col:…", which the new message states in words.
  const reason = error.message.replace(/,(?: file:.*?,)? line:\d+, col:\d+$/, '');
  const place = line === undefined ? file : `${file}, line ${line}, column ${column}`;
  const excerpt = error.context ? `\n${error.context}` : '';

  return new TemplateError(`Template error in ${place}: ${reason}${excerpt}`, file, line ?? null, column ?? null, error);
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function findDefaultTemplatesDir(): string {
  // This module is generator/emit/docs.ts in the source tree and
  // dist/generator/emit/docs.js once built, so walk up to the package root.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'templates', SERVICE_TEMPLATE))) {
      return path.join(dir, 'templates');
    }

    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../templates');
    dir = parent;
  }
}

// ---------------------------------------------------------------------------
// The emitter
// ---------------------------------------------------------------------------

/**
 * Render `docs/<prefix>.md` for every service and `docs/index.md`, from the
 * templates in `context.templatesDir`. With `context.cache`, a page whose
 * service and templates are unchanged comes from the cache, and the
 * templates are loaded only when a page must be rendered.
 */
export async function emitDocs(context: EmitContext): Promise<OutputFile[]> {
  let renderer: Promise<DocsRenderer> | undefined;
  const render = (): Promise<DocsRenderer> => (renderer ??= loadDocsRenderer(context.templatesDir));
  const templatesKey = context.cache ? await hashFolder(context.templatesDir) : '';
  const pack = await CachePack.open(context.cache, 'docs pages');

  const files: OutputFile[] = [];
  for (const service of context.services) {
    const key = hashKey('service docs', templatesKey, JSON.stringify(service));
    const content = await pack.remember(key, async () => (await render()).renderService(service));
    files.push({ path: `docs/${servicePageFile(service.prefix)}`, content });
  }

  const indexKey = hashKey('docs index', templatesKey, JSON.stringify(context.services));
  files.push({ path: 'docs/index.md', content: await pack.remember(indexKey, async () => (await render()).renderIndex(context.services)) });

  pack.save();
  return files;
}
