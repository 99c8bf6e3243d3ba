/** makeFolder creates nested folders and reports, instead of retrying forever, a folder the system cannot create. */
import { existsSync } from 'node:fs';
import { stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../generator/folders.js';
import { temporaryFolder } from './helpers/run-cli.js';

describe('makeFolder', () => {
  it('creates missing parents', async () => {
    const root = await temporaryFolder('folders');
    const folder = path.join(root, 'a', 'b', 'c');
    await makeFolder(folder);
    expect((await stat(folder)).isDirectory()).toBe(true);
  });

  it('accepts an existing folder', async () => {
    const root = await temporaryFolder('folders');
    await expect(makeFolder(root)).resolves.toBeUndefined();
  });

  it('rejects a path through a file', async () => {
    const root = await temporaryFolder('folders');
    await writeFile(path.join(root, 'file'), '');
    await expect(makeFolder(path.join(root, 'file'))).rejects.toThrow(/ENOTDIR: cannot create the folder .* a file has that name/);
    await expect(makeFolder(path.join(root, 'file', 'child'))).rejects.toThrow(/ENOTDIR/);
  });

  it.skipIf(!existsSync('/proc/self'))('rejects a folder under /proc', async () => {
    await expect(makeFolder('/proc/iamref-test/child')).rejects.toThrow(/ENOENT/);
  });

  it('rejects a folder under a dangling link', async () => {
    const root = await temporaryFolder('folders');
    await symlink(path.join(root, 'missing'), path.join(root, 'dangling'));
    await expect(makeFolder(path.join(root, 'dangling', 'child'))).rejects.toThrow(/a symbolic link to something that does not exist/);
  });
});
