/**
 * A content-addressed cache on disk. Entries are immutable files named by the
 * hash of their key, written to a temporary name and renamed into place, so
 * that concurrent runs and killed runs never leave a torn entry. Deleting the
 * whole folder at any time is safe: the next run recomputes what it needs.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { generatorKey } from './key.js';
import { makeFolder } from '../folders.js';

/** The environment variable that moves the cache folder. */
export const CACHE_DIR_VARIABLE = 'IAMREF_CACHE_DIR';

/** The name of a key folder: the first 24 hex digits of the generator key. */
const KEY_FOLDER = /^[0-9a-f]{24}$/;

/**
 * A cache directory tag (https://bford.info/cachedir/). Backup tools skip a
 * folder that has one, and `pruneOtherKeys` removes only folders with this one.
 */
const TAG_FILE = 'CACHEDIR.TAG';
const TAG_TEXT = 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by iamref.\n# For information about cache directory tags, see https://bford.info/cachedir/\n';

/** Folders of other generator keys are removed when untouched for this long, so rebuilds do not pile up. */
const STALE_KEY_MS = 24 * 60 * 60 * 1000;

/**
 * Return the cache folder: `$IAMREF_CACHE_DIR` when set, else
 * `node_modules/.cache/iamref` under the current directory, the place that
 * build tools conventionally share.
 */
export function defaultCacheDir(): string {
  const configured = process.env[CACHE_DIR_VARIABLE];
  if (configured) return path.resolve(configured);
  return path.resolve('node_modules', '.cache', 'iamref');
}

/** Hash the parts of a key into one hex SHA-256; parts are separated so that ("ab", "c") and ("a", "bc") differ. */
export function hashKey(...parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? `${part.length}:${part}` : `${part.byteLength}#`);
    if (typeof part !== 'string') hash.update(part);
  }
  return hash.digest('hex');
}

/** Results of one kind that a run reused from the cache or computed. */
export interface CacheCount {
  reused: number;
  computed: number;
}

/**
 * Texts of one emitter, one per service or file, kept together in a single
 * cache entry. A warm run reads one file and a cold run writes one, where an
 * entry per text costs hundreds of file operations that slow the run down.
 * `remember` returns a text from the pack or computes it. `save` keeps the
 * texts of this run and as many earlier ones as fit under a size limit.
 */
export class CachePack {
  private readonly used = new Map<string, string>();

  private constructor(
    private readonly cache: CacheStore | undefined,
    private readonly name: string,
    private readonly stored: Record<string, string>,
  ) {}

  /** Open the pack called `name`; without a cache, every text is computed. */
  static async open(cache: CacheStore | undefined, name: string): Promise<CachePack> {
    const stored = cache ? await cache.get<Record<string, string>>(PACK_NAMESPACE, hashKey('pack', name)) : undefined;
    return new CachePack(cache, name, stored && typeof stored === 'object' ? stored : {});
  }

  /** Return whether the pack contains a text under `key`. */
  has(key: string): boolean {
    return typeof (Object.hasOwn(this.stored, key) ? this.stored[key] : undefined) === 'string';
  }

  /** Return the text stored under `key`, or compute it. */
  async remember(key: string, compute: () => Promise<string>): Promise<string> {
    const reused = this.has(key);
    this.cache?.count(this.name, reused);
    const text = reused ? this.stored[key]! : await compute();
    this.used.set(key, text);
    return text;
  }

  /**
   * Store the pack in the background (see `CacheStore.flush`): first the
   * texts used since it was opened, then earlier texts, newest first, up to
   * PACK_LIMIT characters in all, so that a run on another docs folder keeps
   * the texts of this one.
   */
  save(): void {
    const texts: Record<string, string> = Object.fromEntries(this.used);
    let size = [...this.used.values()].reduce((total, text) => total + text.length, 0);
    for (const [key, text] of Object.entries(this.stored)) {
      if (Object.hasOwn(texts, key) || typeof text !== 'string') continue;
      if (size + text.length > PACK_LIMIT) break;
      texts[key] = text;
      size += text.length;
    }
    this.cache?.setLater(PACK_NAMESPACE, hashKey('pack', this.name), texts);
  }
}

const PACK_NAMESPACE = 'packs';

/**
 * The maximum number of characters a pack keeps: about one and a half times the
 * TypeScript modules of the 533 HTML pages of 2026-06-14 (20 M characters),
 * so that a smaller docs folder can share the cache with them while every
 * run still reads and writes the pack quickly.
 */
const PACK_LIMIT = 32 * 1024 * 1024;

/** Hash every file under `folder` with its relative path; a missing folder hashes as empty. */
export async function hashFolder(folder: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
  for (const file of files) {
    hash.update(`${path.relative(folder, file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Entries under one generator key. Values are serialized with `node:v8`, as worker threads clone them. */
export class CacheStore {
  /** The folder of this generator key's entries. */
  readonly folder: string;
  /** How many results of each kind this run reused from the cache and how many it computed, for `--timings`. */
  readonly stats = new Map<string, CacheCount>();
  private readonly pending = new Set<Promise<void>>();
  private readonly madeFolders = new Map<string, Promise<unknown>>();
  private tagged: Promise<unknown> | undefined;

  private constructor(folder: string) {
    this.folder = folder;
  }

  /** Open the cache under `root` for the running generator, creating nothing until the first write. */
  static async open(root: string): Promise<CacheStore> {
    const key = await generatorKey();
    return new CacheStore(path.join(root, key.slice(0, 24)));
  }

  /** Open the folder of an already known generator key, as worker threads do. */
  static at(folder: string): CacheStore {
    return new CacheStore(folder);
  }

  /** Return the value stored under `namespace` and `key`, or undefined when there is none or it cannot be read. */
  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.entryPath(namespace, key));
    } catch {
      return undefined;
    }
    try {
      return deserialize(bytes) as T;
    } catch {
      // A damaged entry (a disk error, an edit by hand) is recomputed, not trusted.
      return undefined;
    }
  }

  /**
   * Store `value` under `namespace` and `key`. A failure to write (a full
   * disk, a read-only folder) is ignored, because the cache only saves time.
   */
  set(namespace: string, key: string, value: unknown): Promise<void> {
    return this.write(this.entryPath(namespace, key), serialize(value));
  }

  /**
   * Store `value` like `set`, without waiting for the disk: the value is
   * serialized now and written while the caller goes on. `flush` waits for
   * every such write.
   */
  setLater(namespace: string, key: string, value: unknown): void {
    const write = this.set(namespace, key, value).finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  /** Count one result of `kind` as reused from the cache or computed. */
  count(kind: string, reused: boolean): void {
    const counts = this.stats.get(kind) ?? { reused: 0, computed: 0 };
    if (reused) counts.reused++;
    else counts.computed++;
    this.stats.set(kind, counts);
  }

  /** Wait until every write started by `setLater` has finished. */
  async flush(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }

  /** The first failure to write an entry, for a notice; the run goes on without the entry. */
  writeFailure: string | undefined;

  private async write(destination: string, bytes: Uint8Array): Promise<void> {
    const temporary = `${destination}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      this.tagged ??= this.ensureFolder(this.folder).then(() => writeFile(path.join(this.folder, TAG_FILE), TAG_TEXT, { flag: 'wx' }).catch(() => undefined));
      await this.tagged;
      await this.ensureFolder(path.dirname(destination));
      await writeFile(temporary, bytes);
      await rename(temporary, destination);
    } catch (error) {
      this.writeFailure ??= error instanceof Error ? error.message : String(error);
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /** Create `folder` once per store; entries share 256 subfolders per namespace. */
  private ensureFolder(folder: string): Promise<unknown> {
    let creation = this.madeFolders.get(folder);
    if (!creation) {
      creation = makeFolder(folder);
      this.madeFolders.set(folder, creation);
    }
    return creation;
  }

  /**
   * Mark this key's folder as used, and remove the folders of other generator
   * keys that no run has used for a day. Only folders that iamref made are
   * removed: a name of 24 hex digits and a CACHEDIR.TAG written by iamref,
   * because the cache folder may be a shared one that `IAMREF_CACHE_DIR` names.
   */
  async pruneOtherKeys(): Promise<void> {
    const now = new Date();
    await utimes(this.folder, now, now).catch(() => undefined);
    const root = path.dirname(this.folder);
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      const folder = path.join(root, name);
      if (folder === this.folder || !KEY_FOLDER.test(name)) continue;
      const tag = await readFile(path.join(folder, TAG_FILE), 'utf8').catch(() => '');
      if (tag !== TAG_TEXT) continue;
      const info = await stat(folder).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_KEY_MS) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private entryPath(namespace: string, key: string): string {
    return path.join(this.folder, namespace, key.slice(0, 2), `${key}.bin`);
  }
}
