/**
 * The overrides file: corrections are applied with both values kept, stale
 * entries are reported, and a broken file gives a diagnostic with its line.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Service } from '../generator/model/types.js';
import { PROJECT_ROOT, runCli, temporaryFolder } from './helpers/run-cli.js';

const FIXTURE = path.join(PROJECT_ROOT, 'test/fixtures/overrides/overrides.json');

async function docsWith(overrides: string | null): Promise<{ docs: string; out: string }> {
  const root = await temporaryFolder('overrides');
  const docs = path.join(root, 'docs');
  await mkdir(docs);
  await cp(path.join(PROJECT_ROOT, 'docs/list_amazonchime.md'), path.join(docs, 'list_amazonchime.md'));
  if (overrides !== null) await writeFile(path.join(docs, 'overrides.json'), overrides);
  return { docs, out: path.join(root, 'generated') };
}

describe('overrides', () => {
  it('applies an entry and keeps the documented value', async () => {
    const { docs, out } = await docsWith(await readFile(FIXTURE, 'utf8'));
    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']);
    expect(run.status).toBe(0);

    const chime = JSON.parse(await readFile(path.join(out, 'model/chime.json'), 'utf8')) as Service;
    const action = chime.actions.find((candidate) => candidate.name === 'ValidateAccountResource');
    expect(action?.accessLevel).toBe('Write');
    expect(action?.overridden).toEqual([
      { field: 'accessLevel', documented: 'Read', reason: 'Test fixture: pretend the page states the wrong access level.' },
    ]);
  });

  it('reports entries that no longer apply', async () => {
    const { docs, out } = await docsWith(await readFile(FIXTURE, 'utf8'));
    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']);

    expect(run.stderr).toMatch(/overrides\.json:11:1 warning override-stale Override 2 \(action chime:CreateMeeting, accessLevel\) no longer applies: the page now documents "Write"/);
    expect(run.stderr).toMatch(/override-stale Override 3 \(action chime:NoSuchAction, description\) no longer applies: no action chime:NoSuchAction was read/);
    const chime = JSON.parse(await readFile(path.join(out, 'model/chime.json'), 'utf8')) as Service;
    expect(chime.actions.find((candidate) => candidate.name === 'CreateMeeting')?.overridden).toBeUndefined();
  });

  it('reports invalid JSON with its line', async () => {
    const { docs, out } = await docsWith('{\n  "overrides": [\n    { "subject": }\n  ]\n}\n');
    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/overrides\.json:3:18 error invalid-overrides The overrides file is not valid JSON: value expected\./);
  });

  it('reports an entry that breaks the schema', async () => {
    const broken = JSON.stringify({ overrides: [{ subject: 'chime:CreateMeeting', kind: 'action', field: 'arnPattern', documented: null, value: 'x', reason: 'A reason long enough.' }] }, null, 2);
    const { docs, out } = await docsWith(broken);
    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/overrides\.json:3:1 error invalid-overrides The overrides file does not match its schema at \/overrides\/0\/field/);
  });

  it('rejects a missing file given with --overrides', async () => {
    const { docs, out } = await docsWith(null);
    const run = runCli(['generate', '--docs', docs, '--out', out, '--overrides', path.join(docs, 'missing.json')]);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/error invalid-overrides The overrides file does not exist/);
  });

  it('writes nothing when the file is invalid', async () => {
    const { docs, out } = await docsWith('{ "overrides": [ }');
    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']);

    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/nothing was written/);
    expect(existsSync(out)).toBe(false);
  });

  it('reads no overrides when the file is absent', async () => {
    const { docs, out } = await docsWith(null);
    const run = runCli(['generate', '--docs', docs, '--out', out, '--date', '2020-02-21']);

    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/override-|invalid-overrides/);
  });
});
