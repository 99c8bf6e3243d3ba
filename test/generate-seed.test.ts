/**
 * The main job end to end on the seed page: `iamref generate` with the
 * defaults of `npm run generate`, into a temporary output folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelIndex, Service } from '../generator/model/types.js';
import { compileStrict, type CliRun, PROJECT_ROOT, readTree, runCli, temporaryFolder } from './helpers/run-cli.js';

let out: string;
let run: CliRun;
let chime: Service;

beforeAll(async () => {
  out = path.join(await temporaryFolder('seed'), 'generated');
  run = runCli(['generate', '--out', out, '--date', '2020-02-21']);
  chime = JSON.parse(await readFile(path.join(out, 'model/chime.json'), 'utf8')) as Service;
}, 60_000);

/** The action rows of the seed page, read with a regular expression rather than the pipeline. */
async function seedRows(): Promise<Array<{ name: string; accessLevel: string }>> {
  const text = await readFile(path.join(PROJECT_ROOT, 'docs/list_amazonchime.md'), 'utf8');
  const rows = [...text.matchAll(/^\|\s+(?:\[\s*(\w+)\s*\]\([^)]*\)|(\w+))\s+\|[^|]*\|\s*(\w[\w ]*?)\s*\|/gm)];
  return rows.map((row) => ({ name: row[1] ?? row[2]!, accessLevel: row[3]! })).filter((row) => row.name !== 'Actions');
}

describe('generate on the seed page', () => {
  it('exits with status 0', () => {
    expect(run.stderr).not.toMatch(/ error /);
    expect(run.status).toBe(0);
  });

  it('writes the 144 actions of the page', () => {
    expect(chime.prefix).toBe('chime');
    expect(chime.name).toBe('Amazon Chime');
    expect(chime.actions).toHaveLength(144);
  });

  it('keeps the access level of every row', async () => {
    const rows = await seedRows();
    expect(rows).toHaveLength(144);
    const levels = new Map(chime.actions.map((action) => [action.name, action.accessLevel]));
    for (const row of rows) expect(levels.get(row.name), row.name).toBe(row.accessLevel);
  });

  it('reads dependent actions', () => {
    const byName = new Map(chime.actions.map((action) => [action.name, action]));
    expect(byName.get('ConnectDirectory')?.dependentActions).toEqual(['ds:ConnectDirectory']);
    expect(byName.get('UpdateCDRSettings')?.dependentActions).toEqual(['s3:CreateBucket', 's3:DeleteBucket', 's3:ListAllMyBuckets']);
    expect(byName.get('AcceptDelegate')?.dependentActions).toEqual([]);
  });

  it('leaves out the link of an action without one', () => {
    const invite = chime.actions.find((action) => action.name === 'InviteUsersFromProvider');
    expect(invite).toBeDefined();
    expect(invite).not.toHaveProperty('documentationUrl');
    const connect = chime.actions.find((action) => action.name === 'ConnectDirectory');
    expect(connect?.documentationUrl).toBe('https://docs.aws.amazon.com/chime/latest/ag/active_directory.html');
  });

  it('records the page with its hash and state', async () => {
    expect(chime.pages).toEqual([
      {
        file: 'list_amazonchime.md',
        title: 'Actions, Resources, and Condition Keys for Amazon Chime',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        dialect: 'markdown-table',
        actionsTable: 'present',
      },
    ]);
  });

  it('lists the service in the index', async () => {
    const index = JSON.parse(await readFile(path.join(out, 'model/index.json'), 'utf8')) as ModelIndex;
    expect(index.services).toEqual([
      { prefix: 'chime', name: 'Amazon Chime', file: 'chime.json', pages: 1, actions: 144, resourceTypes: 0, conditionKeys: 0 },
    ]);
  });

  it('writes every output', async () => {
    const files = [...(await readTree(out)).keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'model/chime.json',
        'model/index.json',
        'src/chime.ts',
        'src/index.ts',
        'schema/model.schema.json',
        'schema/actions.schema.json',
        'docs/chime.md',
        'docs/index.md',
      ]),
    );
  });

  it('emits TypeScript that compiles with --strict', async () => {
    expect(await compileStrict(path.join(out, 'src'))).toEqual([]);
  });

  it('lists every action in the actions schema', async () => {
    const schema = JSON.parse(await readFile(path.join(out, 'schema/actions.schema.json'), 'utf8')) as { enum: string[] };
    expect(schema.enum).toHaveLength(144);
    expect(schema.enum).toContain('chime:CreateMeeting');
  });
});
