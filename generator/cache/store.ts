/**
 * A content-addressed cache on disk. Entries are immutable files named by the
 * hash of their key, written to a temporary name and renamed into place, so
 * that concurrent runs and killed runs never leave a torn entry. Deleting the
 * whole folder at any time is safe: the next run recomputes what it needs.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { generatorKey } from './key.js';

/** The environment variable that moves the cache folder. */
export const CACHE_DIR_VARIABLE = 'IAMREF_CACHE_DIR';

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

/** Entries under one generator key. Values are serialized with `node:v8`, as worker threads clone them. */
export class CacheStore {
  /** The folder of this generator key's entries. */
  readonly folder: string;

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
  async set(namespace: string, key: string, value: unknown): Promise<void> {
    const destination = this.entryPath(namespace, key);
    const temporary = `${destination}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    try {
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(temporary, serialize(value));
      await rename(temporary, destination);
    } catch {
      await rm(temporary, { force: true }).catch(() => undefined);
    }
  }

  /** Mark this key's folder as used, and remove the folders of other generator keys that no run has used for a day. */
  async pruneOtherKeys(): Promise<void> {
    const now = new Date();
    await utimes(this.folder, now, now).catch(() => undefined);
    const root = path.dirname(this.folder);
    const names = await readdir(root).catch(() => [] as string[]);
    for (const name of names) {
      const folder = path.join(root, name);
      if (folder === this.folder) continue;
      const info = await stat(folder).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_KEY_MS) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  private entryPath(namespace: string, key: string): string {
    return path.join(this.folder, namespace, key.slice(0, 2), `${key}.bin`);
  }
}
