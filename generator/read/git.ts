/**
 * Read the reference pages of a git revision without checking it out: list
 * them with `git ls-tree`, read their bytes with one `git cat-file --batch`
 * and extract each page. A `GitPageReader` keeps the result of every blob it
 * has read, so replaying a history parses each distinct page once, and can
 * extract the pages of many revisions ahead in worker threads.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compareStrings } from '../extract/fields.js';
import { extractPage, type PageResult, type PageSource } from '../extract/page.js';
import { type DocsModel, modelOfPages } from '../pipeline.js';
import { PAGE_EXTENSIONS } from './sources.js';

/**
 * The file name pattern of the reference pages: AWS names them
 * `list_<service>.md` or `.html`. Reading only those skips the hundreds of
 * other pages of a user guide repository.
 */
export const DEFAULT_PAGE_PATTERN = 'list_*';

/** A failed git command, or a repository or revision that does not exist. */
export class GitError extends Error {}

export interface GitSource {
  /** The repository folder. */
  repo: string;
  /** The folder of the pages inside the repository, with `/` separators; '' for the whole repository. */
  dir: string;
  /** A file name pattern with `*` and `?` that page files match, besides a page extension (default: `list_*`). */
  pattern?: string;
}

export interface Revision {
  commit: string;
  /** The committer date, `YYYY-MM-DD`. */
  date: string;
}

/** A page file of a revision: its path relative to the pages folder, and its blob id. */
export interface GitPageFile {
  file: string;
  blob: string;
}

/** Run git in `repo` and return its standard output; a failure throws a GitError with git's message. */
export function git(repo: string, args: string[], input?: string): Buffer {
  const result = spawnSync('git', ['-C', repo, ...args], { input, maxBuffer: 1 << 30 });
  if (result.error) throw new GitError(`git could not be run: ${result.error.message}`);
  if (result.status !== 0) {
    const message = result.stderr.toString('utf8').trim() || `exit status ${result.status}`;
    throw new GitError(`git ${args[0]} failed in ${repo}: ${message}`);
  }
  return result.stdout;
}

/** Return the full commit id of `revision`, or throw a GitError that names it. */
export function resolveRevision(repo: string, revision: string): string {
  try {
    return git(repo, ['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]).toString('utf8').trim();
  } catch {
    throw new GitError(`The revision "${revision}" is not a commit of the repository ${repo}.`);
  }
}

/**
 * List the revisions that changed a page file, oldest first, as
 * `git log --reverse` lists them with its default history simplification.
 */
export function listRevisions(source: GitSource): Revision[] {
  const folder = normalizeDir(source.dir);
  const pathspec = `:(glob,icase)${folder === '' ? '' : `${folder}/`}**/${source.pattern ?? DEFAULT_PAGE_PATTERN}`;
  const output = git(source.repo, ['log', '--reverse', '--format=%H %cI', '--', pathspec]).toString('utf8');
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const [commit = '', date = ''] = line.split(' ');
      return { commit, date: date.slice(0, 10) };
    });
}

/** List the page files of `revision` under the pages folder, sorted by path. */
export function listPageFiles(source: GitSource, revision: string): GitPageFile[] {
  const folder = normalizeDir(source.dir);
  const matches = patternToRegExp(source.pattern ?? DEFAULT_PAGE_PATTERN);
  const args = ['ls-tree', '-r', '-z', '--full-tree', revision];
  if (folder !== '') args.push('--', `${folder}/`);

  const files: GitPageFile[] = [];
  // `-z` output: "<mode> <type> <object>\t<path>" entries separated by NUL.
  for (const entry of git(source.repo, args).toString('utf8').split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [, type, blob] = entry.slice(0, tab).split(' ');
    const fullPath = entry.slice(tab + 1);
    if (type !== 'blob' || !blob) continue;

    const file = folder === '' ? fullPath : fullPath.slice(folder.length + 1);
    const name = path.posix.basename(file);
    if (!PAGE_EXTENSIONS.includes(path.posix.extname(name).toLowerCase()) || !matches.test(name)) continue;
    if (file.split('/').some((part) => part.startsWith('.') || part === 'node_modules')) continue;
    files.push({ file, blob });
  }
  return files.sort((a, b) => compareStrings(a.file, b.file));
}

/** Read blobs with one `git cat-file --batch`, whose output is "<object> blob <size>\n<bytes>\n" per object. */
export function readBlobs(repo: string, blobs: string[]): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  if (blobs.length === 0) return contents;

  const output = git(repo, ['cat-file', '--batch'], `${blobs.join('\n')}\n`);
  let offset = 0;
  while (offset < output.length) {
    const headerEnd = output.indexOf(0x0a, offset);
    const header = output.subarray(offset, headerEnd).toString('utf8');
    const [blob, type, size] = header.split(' ');
    if (!blob || type !== 'blob' || size === undefined) throw new GitError(`git cat-file returned an unexpected header: ${header}`);
    const start = headerEnd + 1;
    const end = start + Number(size);
    contents.set(blob, output.subarray(start, end));
    offset = end + 1;
  }
  return contents;
}

/** Below this many pages to extract, starting worker threads costs more than it saves. */
const MIN_PAGES_FOR_WORKERS = 16;

/** Reads the pages of revisions of one repository, extracting each distinct page once. */
export class GitPageReader {
  readonly source: GitSource;
  /** The result of each page read so far, keyed by blob id and path, because a result names its file. */
  private readonly results = new Map<string, PageResult>();
  /** The page files of each revision listed so far. */
  private readonly listings = new Map<string, GitPageFile[]>();

  constructor(source: GitSource) {
    this.source = { ...source, dir: normalizeDir(source.dir) };
  }

  /** The number of distinct pages (blob and path) extracted so far. */
  get pagesParsed(): number {
    return this.results.size;
  }

  /**
   * Extract every page of `revisions` that is not read yet, in worker
   * threads when there are enough of them, so that `read` finds them ready.
   *
   * @param threads worker threads; 0 extracts on this thread (default: one per core, at most 8)
   */
  async prefetch(revisions: string[], threads = defaultThreads()): Promise<void> {
    const missing = new Map<string, GitPageFile>();
    for (const revision of revisions) {
      for (const file of this.list(revision)) if (!this.results.has(resultKey(file))) missing.set(resultKey(file), file);
    }
    const files = [...missing.values()];
    const contents = readBlobs(this.source.repo, [...new Set(files.map((file) => file.blob))]);

    // A Buffer from readBlobs is a view of git's whole output, and posting it
    // to a worker would copy all of that output. So each page gets a buffer of its own.
    const sources: PageSource[] = files.map((file) => ({ file: file.file, bytes: new Uint8Array(blobOf(contents, file)) }));
    const results = await extractInThreads(sources, threads);
    files.forEach((file, index) => this.results.set(resultKey(file), results[index]!));
  }

  /** Read the pages of `revision` into services, as readDocs reads a docs folder. A revision without pages gives an empty model. */
  read(revision: string): DocsModel {
    const files = this.list(revision);
    const missing = files.filter((file) => !this.results.has(resultKey(file)));
    const contents = readBlobs(this.source.repo, [...new Set(missing.map((file) => file.blob))]);
    for (const file of missing) this.results.set(resultKey(file), extractPage({ file: file.file, bytes: blobOf(contents, file) }));

    return modelOfPages(
      files.map((file) => file.file),
      files.map((file) => this.results.get(resultKey(file))!),
    );
  }

  private list(revision: string): GitPageFile[] {
    let files = this.listings.get(revision);
    if (!files) {
      files = listPageFiles(this.source, revision);
      this.listings.set(revision, files);
    }
    return files;
  }
}

function resultKey(file: GitPageFile): string {
  return `${file.blob}\0${file.file}`;
}

function blobOf(contents: Map<string, Buffer>, file: GitPageFile): Buffer {
  const bytes = contents.get(file.blob);
  if (!bytes) throw new GitError(`git cat-file did not return the blob ${file.blob} of ${file.file}.`);
  return bytes;
}

/**
 * Extract pages from their bytes, in order, spread over worker threads when there are enough of them.
 *
 * NOTE: this pool repeats the one in extract/run.ts, which reads files by path
 * and uses the page cache; letting extractAll take bytes would remove it and
 * give history the cache too.
 */
async function extractInThreads(sources: PageSource[], threads: number): Promise<PageResult[]> {
  const workerUrl = new URL('./git-worker.js', import.meta.url);
  // Under a test runner the sources are TypeScript and the worker cannot be
  // loaded as JavaScript; extract on this thread then.
  const count = Math.min(threads, sources.length);
  if (!import.meta.url.endsWith('.js') || count < 1 || sources.length < MIN_PAGES_FOR_WORKERS) return sources.map((source) => extractPage(source));

  // Interleave the pages so that large and small ones spread evenly.
  const chunks: PageSource[][] = Array.from({ length: count }, () => []);
  sources.forEach((source, index) => chunks[index % count]!.push(source));
  const parts = await Promise.all(chunks.map((chunk) => runWorker(fileURLToPath(workerUrl), chunk)));

  const results: PageResult[] = new Array(sources.length);
  parts.forEach((part, worker) => part.forEach((result, index) => (results[index * count + worker] = result)));
  return results;
}

function runWorker(script: string, sources: PageSource[]): Promise<PageResult[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script);
    worker.once('message', (results: PageResult[]) => {
      resolve(results);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`The page reader thread stopped with exit code ${code}.`));
    });
    worker.postMessage(sources);
  });
}

/** Return one thread per core, at most 8. */
function defaultThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

/** Normalize a folder inside the repository to `a/b`, or '' for the whole repository. */
function normalizeDir(dir: string): string {
  const normalized = path.posix.normalize(`/${dir.split(path.sep).join('/')}/`).replace(/^\/+|\/+$/g, '');
  return normalized === '.' ? '' : normalized;
}

/** Convert a file name pattern with `*` and `?` into a regular expression matching the whole name, ignoring case. */
function patternToRegExp(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}
