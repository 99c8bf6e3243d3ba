/**
 * `iamref check` on a copy of the project's docs/ and generated/: it passes
 * while generated/ is up to date, on any day, and fails with the files that
 * differ once a page is edited without regenerating.
 */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { changelogDate, compareTrees } from '../generator/commands/check.js';
import { PROJECT_ROOT, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const PAGE = 'list_amazonchime.md';

describe('iamref check', () => {
  let docs = '';
  let out = '';

  beforeEach(async () => {
    const root = await temporaryFolder('check');
    docs = path.join(root, 'docs');
    out = path.join(root, 'generated');
    await cp(path.join(PROJECT_ROOT, 'docs'), docs, { recursive: true });
    await cp(path.join(PROJECT_ROOT, 'generated'), out, { recursive: true });
  });

  it('passes on the committed output', () => {
    const run = runCli(['check', '--docs', docs, '--out', out]);

    expect(run.stderr).toMatch(/is up to date with/);
    expect(run.status).toBe(0);
  });

  it('passes on another day', () => {
    const run = runCli(['check', '--docs', docs, '--out', out], { SOURCE_DATE_EPOCH: String(Date.UTC(2031, 0, 2) / 1000) });

    expect(run.status).toBe(0);
  });

  it('fails after a page is edited', async () => {
    const page = path.join(docs, PAGE);
    const text = await readFile(page, 'utf8');
    const edited = text.replace(/^\|\s*\[\s*AcceptDelegate\s*\].*\n/m, '');
    expect(edited).not.toBe(text);
    await writeFile(page, edited);
    const before = await readTree(out);

    const run = runCli(['check', '--docs', docs, '--out', out]);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/is out of date with .*: \d+ files differ\. Run "npm run generate"/);
    expect(run.stderr).toMatch(/^ {2}model\/chime\.json: first difference at line \d+$/m);
    expect(run.stderr).toMatch(/^ {4}- .*"sha256": "[0-9a-f]{64}"/m);
    expect(run.stderr).toMatch(/^ {2}CHANGELOG\.md: (?:missing from the committed output|first difference at line \d+)$/m);
    expect(await readTree(out)).toEqual(before);
  });

  it('fails when a generated file is missing', async () => {
    await writeFile(path.join(out, 'model', 'extra.json'), '{}\n');

    const run = runCli(['check', '--docs', docs, '--out', out]);

    expect(run.status).toBe(1);
    expect(run.stderr).toContain('  model/extra.json: no longer generated');
  });

  it('rejects an output folder that does not exist', () => {
    const run = runCli(['check', '--docs', docs, '--out', path.join(out, 'missing')]);

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('does not exist: run "iamref generate" first');
  });
});

describe('check helpers', () => {
  it('takes the date of the newest changelog entry', () => {
    expect(changelogDate('# Changelog\n\n## 2020-04-10\n\n- a\n\n## 2020-02-21\n')).toBe('2020-04-10');
    expect(changelogDate('# Changelog\n')).toBeUndefined();
    expect(changelogDate(undefined)).toBeUndefined();
  });

  it('shows the first lines of a difference', () => {
    const committed = new Map([
      ['a.txt', 'one\ntwo\nthree\n'],
      ['gone.txt', 'x'],
    ]);
    const regenerated = new Map([
      ['a.txt', 'one\nTWO\nthree\n'],
      ['new.txt', 'y'],
    ]);

    expect(compareTrees(committed, regenerated)).toEqual([
      '  a.txt: first difference at line 2\n    - two\n    - three\n    - \n    + TWO\n    + three\n    + ',
      '  gone.txt: no longer generated',
      '  new.txt: missing from the committed output',
    ]);
  });
});
