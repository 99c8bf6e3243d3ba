/**
 * What `generate` must not do: report unavailable actions as removed, drop
 * the service of a page that failed to read, or destroy input and unrelated
 * files by replacing the output folder.
 */
import { cp, lstat, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Service } from '../generator/model/types.js';
import { CORPUS, HAS_CORPUS, PROJECT_ROOT, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

const SNAPSHOTS = path.join(CORPUS, 'iam-user-guide/snapshots');
const SEED_PAGE = path.join(PROJECT_ROOT, 'docs/list_amazonchime.md');

async function readService(out: string, prefix: string): Promise<Service> {
  return JSON.parse(await readFile(path.join(out, 'model', `${prefix}.json`), 'utf8')) as Service;
}

describe.skipIf(!HAS_CORPUS)('unavailable actions', () => {
  it('carries over a page that became a placeholder', async () => {
    const out = path.join(await temporaryFolder('carry'), 'generated');
    expect(runCli(['generate', '--docs', path.join(SNAPSHOTS, '2020-02-21'), '--out', out, '--date', '2020-02-21']).status).toBe(0);
    const before = await readService(out, 'chime');

    const later = runCli(['generate', '--docs', path.join(SNAPSHOTS, '2020-11-06'), '--out', out, '--date', '2020-11-06']);
    expect(later.status).toBe(0);

    const after = await readService(out, 'chime');
    expect(after.pages[0]?.actionsTable).toBe('placeholder');
    expect(after.actions.map((action) => action.name)).toEqual(before.actions.map((action) => action.name));
    expect(after.actions.every((action) => action.carriedOver === true)).toBe(true);
    const changelog = await readFile(path.join(out, 'CHANGELOG.md'), 'utf8');
    const chimeSection = changelog.split(/^### /m).find((section) => section.startsWith('chime\n'));
    expect(chimeSection).toContain(`The actions table of \`list_amazonchime.md\` became a link to the website: ${before.actions.length} actions are kept`);
    expect(chimeSection).not.toMatch(/^Actions removed:$/m);
  }, 120_000);

  it('keeps the service of a page that failed to read', async () => {
    const root = await temporaryFolder('failed');
    const docs = path.join(root, 'docs');
    const out = path.join(root, 'generated');
    await mkdir(docs);
    await cp(SEED_PAGE, path.join(docs, 'list_amazonchime.md'));
    await cp(path.join(SNAPSHOTS, '2020-02-21/list_amazonsqs.md'), path.join(docs, 'list_amazonsqs.md'));
    expect(runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']).status).toBe(0);
    const before = await readService(out, 'sqs');

    await writeFile(path.join(docs, 'list_amazonsqs.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x0a]));
    const broken = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-22']);

    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/list_amazonsqs\.md:1:3 error invalid-utf8/);
    const after = await readService(out, 'sqs');
    expect(after.actions.map((action) => action.name)).toEqual(before.actions.map((action) => action.name));
    expect(after.resourceTypes).toEqual(before.resourceTypes);
    expect(after.pages).toEqual(before.pages);
    const changelog = await readFile(path.join(out, 'CHANGELOG.md'), 'utf8');
    expect(changelog).not.toMatch(/^(?:Actions|Services|Resource types|Condition keys) removed/m);
    expect(changelog).toContain(`\`list_amazonsqs.md\` could not be read: ${before.actions.length} actions are kept`);
  }, 120_000);
});

describe('output folder checks', () => {
  it('rejects an output folder that is the docs folder', async () => {
    const docs = path.join(await temporaryFolder('same'), 'docs');
    await mkdir(docs);
    await cp(SEED_PAGE, path.join(docs, 'list_amazonchime.md'));

    const run = runCli(['generate', '--docs', docs, '--out', docs]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/is or contains the docs folder/);
    expect([...(await readTree(docs)).keys()]).toEqual(['list_amazonchime.md']);
  });

  it('rejects a folder of other files', async () => {
    const out = await temporaryFolder('foreign');
    await writeFile(path.join(out, 'notes.txt'), 'keep me\n');

    const run = runCli(['generate', '--out', out]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/contains no earlier iamref output/);
    expect(await readFile(path.join(out, 'notes.txt'), 'utf8')).toBe('keep me\n');
  });

  it('rejects a folder with only a model folder', async () => {
    const out = await temporaryFolder('project');
    await mkdir(path.join(out, 'model'));
    await writeFile(path.join(out, 'model', 'user.py'), 'class User: pass\n');

    const run = runCli(['generate', '--out', out]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/has a model\/ folder but no model\/index\.json/);
    expect(await readFile(path.join(out, 'model', 'user.py'), 'utf8')).toBe('class User: pass\n');
  });

  it('rejects an output folder that is a link', async () => {
    const root = await temporaryFolder('link');
    await mkdir(path.join(root, 'real'));
    await symlink(path.join(root, 'real'), path.join(root, 'link'));

    for (const out of [path.join(root, 'link'), `${path.join(root, 'link')}/`, `${path.join(root, 'link')}/.`]) {
      const run = runCli(['generate', '--out', out]);

      expect(run.status, out).toBe(2);
      expect(run.stderr, out).toMatch(/is a symbolic link/);
    }
    expect((await lstat(path.join(root, 'link'))).isSymbolicLink()).toBe(true);
  });

  it('rejects docs without a readable page', async () => {
    const root = await temporaryFolder('unreadable');
    await mkdir(path.join(root, 'docs'));
    await writeFile(path.join(root, 'docs', 'notes.md'), '# Meeting notes\n');

    const run = runCli(['generate', '--docs', path.join(root, 'docs'), '--out', path.join(root, 'out')]);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/The only page under .* could not be read as a reference page, so nothing was written/);
    expect(run.stderr).toMatch(/notes\.md:1:1 warning unrecognised-page/);
    expect(existsSync(path.join(root, 'out'))).toBe(false);
  });

  it('rejects an output folder under a file', async () => {
    const root = await temporaryFolder('under-file');
    await writeFile(path.join(root, 'file'), 'x');

    const run = runCli(['generate', '--out', path.join(root, 'file', 'out')]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/cannot be written: ENOTDIR: cannot create the folder .*file: a file has that name/);
  });

  it('rejects a cache folder inside the output folder', async () => {
    const out = path.join(await temporaryFolder('cache-inside'), 'out');

    const run = runCli(['generate', '--out', out], { IAMREF_CACHE_DIR: path.join(out, '.cache') });

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/The cache folder .* is inside the output folder/);
    expect(existsSync(out)).toBe(false);
  });

  it('prints JSON diagnostics of a run without a readable page', async () => {
    const root = await temporaryFolder('unreadable-json');
    await mkdir(path.join(root, 'docs'));
    await writeFile(path.join(root, 'docs', 'notes.md'), '# Meeting notes\n');

    const run = runCli(['generate', '--docs', path.join(root, 'docs'), '--out', path.join(root, 'out'), '--format', 'json']);

    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as Array<{ ruleId: string }>).map((diagnostic) => diagnostic.ruleId)).toEqual(['unrecognised-page']);
  });

  it('rejects an empty output folder name', () => {
    const run = runCli(['generate', '--out', '']);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--out must name a folder/);
  });

  it('rejects a docs folder that does not exist', async () => {
    const run = runCli(['generate', '--docs', path.join(await temporaryFolder('missing'), 'nothing'), '--out', path.join(await temporaryFolder('unused'), 'out')]);

    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/does not exist/);
  });

  it('removes a staging folder left by a killed run', async () => {
    const root = await temporaryFolder('stale');
    const stale = path.join(root, '.generated.tmp-999999999');
    await mkdir(stale);
    await writeFile(path.join(stale, 'half.json'), '{');

    const run = runCli(['generate', '--out', path.join(root, 'generated'), '--date', '2020-02-21']);

    expect(run.status).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(path.join(root, 'generated/model/chime.json'))).toBe(true);
  });
});
