/** The page cache: a page's PageResult, keyed by its path and the SHA-256 of its bytes. */
import type { PageResult } from '../extract/page.js';
import { type CacheStore, hashKey } from './store.js';

const NAMESPACE = 'pages';

/**
 * Return the cache key of a page. The path is part of it because the
 * result names the page (in `page.file` and in every diagnostic).
 */
export function pageKey(file: string, bytes: Uint8Array): string {
  return hashKey('page', file, bytes);
}

/** Return the cached result of a page, or undefined. */
export function getPage(cache: CacheStore, key: string): Promise<PageResult | undefined> {
  return cache.get<PageResult>(NAMESPACE, key);
}

/** Store the result of a page without waiting for the disk; `CacheStore.flush` waits for it. */
export function setPage(cache: CacheStore, key: string, result: PageResult): void {
  cache.setLater(NAMESPACE, key, result);
}
