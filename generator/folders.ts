/** Create folders on disk. */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Create `folder` and its missing parents, like `mkdir -p`, and succeed when
 * it exists already.
 *
 * Node's own `mkdir(folder, { recursive: true })` never returns when a parent
 * exists but the system returns ENOENT for the child, as it does under /proc
 * or under a dangling symbolic link. Node takes the error for a missing
 * parent and tries again. Here a parent is created once, and an ENOENT for the child
 * after that is reported.
 */
export async function makeFolder(folder: string): Promise<void> {
  try {
    await mkdir(folder);
    return;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return isFolder(folder, error);
    const parent = path.dirname(folder);
    if (code !== 'ENOENT' || parent === folder) throw error;

    await makeFolder(parent);
  }

  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return isFolder(folder, error);
    throw error;
  }
}

/**
 * Succeed when `folder` is a folder (another run may have just created it).
 * Else throw an ENOTDIR error that names what is in the way, where `mkdir`
 * reports only EEXIST.
 */
async function isFolder(folder: string, error: unknown): Promise<void> {
  const info = await stat(folder).catch(() => null);
  if (info?.isDirectory()) return;

  const obstacle = info ? 'a file' : 'a symbolic link to something that does not exist';
  throw Object.assign(new Error(`ENOTDIR: cannot create the folder ${folder}: ${obstacle} has that name`), { code: 'ENOTDIR', cause: error });
}
