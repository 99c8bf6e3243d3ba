/** Find the reference pages under a docs folder. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** File extensions read as pages. A `.html` or `.htm` page is read as HTML; another is read as HTML when it is a whole HTML document, else as Markdown. */
export const PAGE_EXTENSIONS = ['.md', '.markdown', '.html', '.htm'];

export interface SourceFile {
  /** Path relative to the docs folder, with `/` separators; pages and diagnostics are named by it. */
  file: string;
  /** Absolute path, for reading. */
  absolutePath: string;
}

/**
 * List every page under `docsDir`, in subfolders too, sorted by relative
 * path so that runs are repeatable. Hidden files and folders (starting with
 * `.`), `node_modules` and the output folder `outDir`, when it lies inside
 * the docs folder, are skipped.
 */
export async function findPages(docsDir: string, outDir?: string): Promise<SourceFile[]> {
  const root = path.resolve(docsDir);
  const output = outDir === undefined ? undefined : path.resolve(outDir);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const pages: SourceFile[] = [];

  for (const entry of entries) {
    if (!entry.isFile()) continue;
    if (!PAGE_EXTENSIONS.includes(path.extname(entry.name).toLowerCase())) continue;
    const absolutePath = path.join(entry.parentPath, entry.name);
    if (output && (absolutePath + path.sep).startsWith(output + path.sep)) continue;
    const file = path.relative(root, absolutePath).split(path.sep).join('/');
    if (file.split('/').some((part) => part.startsWith('.') || part === 'node_modules')) continue;
    pages.push({ file, absolutePath });
  }

  return pages.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}
