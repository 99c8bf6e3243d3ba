/**
 * `iamref generate` on whole snapshots of the Markdown sources: every page
 * of 2020-02-21, a second run for repeatability, and 2020-04-10 on top of it
 * for the changelog.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelIndex, Service } from '../generator/model/types.js';
import { compileStrict, CORPUS, type CliRun, HAS_CORPUS, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOTS = path.join(CORPUS, 'iam-user-guide/snapshots');
const FEBRUARY = path.join(SNAPSHOTS, '2020-02-21');
const APRIL = path.join(SNAPSHOTS, '2020-04-10');

/** Read the service prefixes of a snapshot with a regular expression, independently of the pipeline. */
async function prefixesOf(folder: string): Promise<{ prefixes: Set<string>; pages: number; placeholders: string[] }> {
  const names = (await readdir(folder)).filter((name) => name.endsWith('.md'));
  const prefixes = new Set<string>();
  const placeholders: string[] = [];
  for (const name of names) {
    const text = await readFile(path.join(folder, name), 'utf8');
    const prefix = /service prefix: `([^`]+)`/.exec(text)?.[1];
    if (prefix) prefixes.add(prefix);
    if (text.includes('See the AWS documentation website for more details')) placeholders.push(name);
  }
  return { prefixes, pages: names.length, placeholders };
}

async function readModel(out: string, prefix: string): Promise<Service> {
  return JSON.parse(await readFile(path.join(out, 'model', `${prefix}.json`), 'utf8')) as Service;
}

describe.skipIf(!HAS_CORPUS)('generate on the 2020-02-21 snapshot', () => {
  let out: string;
  let first: CliRun;

  beforeAll(async () => {
    out = path.join(await temporaryFolder('february'), 'generated');
    first = runCli(['generate', '--docs', FEBRUARY, '--out', out, '--date', '2020-02-21']);
  }, 120_000);

  it('exits with status 0', () => {
    expect(first.stderr).not.toMatch(/ error /);
    expect(first.status).toBe(0);
  });

  it('reads all 222 pages', () => {
    expect(first.stderr).toMatch(/read 222 pages into 213 services/);
  });

  it('writes a model for every service prefix', async () => {
    const expected = await prefixesOf(FEBRUARY);
    const index = JSON.parse(await readFile(path.join(out, 'model/index.json'), 'utf8')) as ModelIndex;
    expect(new Set(index.services.map((service) => service.prefix))).toEqual(expected.prefixes);
  });

  it('keeps resource types and condition keys of placeholder pages', async () => {
    const alexa = await readModel(out, 'a4b');
    expect(alexa.pages[0]?.actionsTable).toBe('placeholder');
    expect(alexa.actions).toEqual([]);
    expect(alexa.resourceTypes.map((resourceType) => resourceType.name)).toContain('room');
    expect(alexa.resourceTypes.find((resourceType) => resourceType.name === 'room')?.arnPattern).toBe(
      'arn:${Partition}:a4b:${Region}:${Account}:room/${Resource_id}',
    );
    expect(alexa.conditionKeys.map((key) => key.name)).toContain('a4b:amazonId');
  });

  it('reports every placeholder page', async () => {
    const { placeholders } = await prefixesOf(FEBRUARY);
    expect(placeholders.length).toBeGreaterThan(100);
    for (const name of placeholders) expect(first.stderr).toContain(name);
  });

  it('emits TypeScript that compiles with --strict', async () => {
    expect(await compileStrict(path.join(out, 'src'))).toEqual([]);
  }, 120_000);

  it('gives byte-identical output on a second run', async () => {
    const again = path.join(await temporaryFolder('february-again'), 'generated');
    const second = runCli(['generate', '--docs', FEBRUARY, '--out', again, '--date', '2020-02-21']);
    expect(second.status).toBe(0);
    expect(await readTree(again)).toEqual(await readTree(out));
  }, 120_000);

  it('writes the Chime actions added by 2020-04-10 to the changelog', async () => {
    const before = await readModel(out, 'chime');
    const update = runCli(['generate', '--docs', APRIL, '--out', out, '--date', '2020-04-10']);
    expect(update.status).toBe(0);

    const after = await readModel(out, 'chime');
    const names = new Set(before.actions.map((action) => action.name));
    const added = after.actions.filter((action) => !names.has(action.name)).map((action) => `chime:${action.name}`);
    expect(added.length).toBeGreaterThan(0);

    const changelog = await readFile(path.join(out, 'CHANGELOG.md'), 'utf8');
    expect(changelog).toContain('## 2020-04-10');
    const chimeSection = changelog.split(/^### /m).find((section) => section.startsWith('chime'));
    expect(chimeSection).toBeDefined();
    for (const action of added) expect(chimeSection).toContain(action);
    expect(chimeSection).not.toMatch(/Removed/i);
  }, 120_000);
});
