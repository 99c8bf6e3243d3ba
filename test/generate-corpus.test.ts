/**
 * `iamref generate --docs <folder>` on every corpus folder as it is: the run
 * succeeds, writes a model for every service prefix of the folder, and the
 * TypeScript compiles with --strict.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelIndex } from '../generator/model/types.js';
import { compileStrict, CORPUS, HAS_CORPUS, runCli, temporaryFolder } from './helpers/run-cli.js';

const FOLDERS = [
  'iam-user-guide/snapshots/2017-12-04',
  'iam-user-guide/snapshots/2018-03-22',
  'iam-user-guide/snapshots/2018-04-25',
  'iam-user-guide/snapshots/2019-02-13',
  'iam-user-guide/snapshots/2019-02-21',
  'iam-user-guide/snapshots/2020-02-21',
  'iam-user-guide/snapshots/2020-04-10',
  'iam-user-guide/snapshots/2020-11-06',
  'modern-md',
  'service-authorization-html/2025-06-01',
  'service-authorization-html/2026-06-14',
];

/** Read the service prefixes of a folder with a regular expression, independently of the readers. */
async function prefixesOf(folder: string): Promise<Set<string>> {
  const prefixes = new Set<string>();
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !/\.(md|html)$/.test(entry.name)) continue;
    const text = await readFile(path.join(entry.parentPath, entry.name), 'utf8');
    const match = /service prefix:\s*(?:<code[^>]*>\s*|`)?\s*([a-z0-9](?:[a-z0-9._-]|\\-)*?)\s*(?:<\/code>|`|\\?\))/i.exec(text);
    if (match?.[1]) prefixes.add(match[1].replace(/\\/g, ''));
  }
  return prefixes;
}

describe.skipIf(!HAS_CORPUS).each(FOLDERS)('generate on %s', (folder) => {
  it('writes every service and compiles', async () => {
    const docs = path.join(CORPUS, folder);
    const out = path.join(await temporaryFolder('corpus'), 'generated');

    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2026-06-14']);
    expect(run.stderr).not.toMatch(/ error /);
    expect(run.status).toBe(0);

    const index = JSON.parse(await readFile(path.join(out, 'model/index.json'), 'utf8')) as ModelIndex;
    expect(new Set(index.services.map((service) => service.prefix))).toEqual(await prefixesOf(docs));
    expect(index.services.reduce((sum, service) => sum + service.actions, 0)).toBeGreaterThan(0);

    expect(await compileStrict(path.join(out, 'src'))).toEqual([]);
  }, 180_000);
});
