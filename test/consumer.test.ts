/**
 * The generated package as a consumer meets it: generate from the seed page
 * and a small Storage Box page with resource types, build the package with
 * its own `build` script, pack it, install the tarball into a new project
 * without network, and run an ES module and a CommonJS program compiled
 * with `tsc --strict`.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

import type { Service } from '../generator/model/types.js';
import { PROJECT_ROOT, runCli, temporaryFolder } from './helpers/run-cli.js';

const TSC = path.join(PROJECT_ROOT, 'node_modules/typescript/bin/tsc');
const FIXTURE_PAGE = path.join(PROJECT_ROOT, 'test/fixtures/package/docs/list_storagebox.md');

/** The program, in both module systems: it prints what it imported as JSON. */
const PROGRAM = `import { ChimeAction, chimeListActions, type ChimeListAction } from "@iamref/aws-iam/chime";
import { storageBoxArn, storageBoxConditionKeys, StorageBoxConditionKey } from "@iamref/aws-iam/storage-box";
import { expandActionPattern, lookupAction, type ActionString } from "@iamref/aws-iam";

declare const console: { log(text: string): void };

const firstList: ChimeListAction = chimeListActions[0];
const known: ActionString = "chime:CreateMeeting";

console.log(JSON.stringify({
  createMeeting: ChimeAction.CreateMeeting,
  firstList,
  listActions: chimeListActions,
  listFrozen: Object.isFrozen(chimeListActions),
  objectArn: storageBoxArn.object({ bucketName: "reports", objectKey: "2020/q1.csv" }),
  bucketArn: storageBoxArn.bucket({ bucketName: "reports", partition: "aws-cn" }),
  sizeType: storageBoxConditionKeys[StorageBoxConditionKey.StorageBoxObjectSize].type,
  lookup: lookupAction(known.toUpperCase())?.action,
  listPattern: expandActionPattern("chime:List*"),
  getPattern: expandActionPattern("*:get*"),
  questionPattern: expandActionPattern("storage-box:?utObject"),
}));
`;

interface ProgramOutput {
  createMeeting: string;
  firstList: string;
  listActions: string[];
  listFrozen: boolean;
  objectArn: string;
  bucketArn: string;
  sizeType: string;
  lookup: string;
  listPattern: string[];
  getPattern: string[];
  questionPattern: string[];
}

/** Run a command and throw with its output when it fails. */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} with status ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let chime: Service;
let outputs: Record<'esm' | 'cjs', ProgramOutput>;
let packageFiles: string[];

beforeAll(async () => {
  const root = await temporaryFolder('consumer');
  const docs = path.join(root, 'docs');
  const generated = path.join(root, 'generated');
  await mkdir(docs);
  await copyFile(path.join(PROJECT_ROOT, 'docs/list_amazonchime.md'), path.join(docs, 'list_amazonchime.md'));
  await copyFile(FIXTURE_PAGE, path.join(docs, 'list_storagebox.md'));

  const generate = runCli(['generate', '--docs', docs, '--out', generated, '--date', '2020-02-21']);
  if (generate.status !== 0) throw new Error(`generate failed: ${generate.stderr}`);
  chime = JSON.parse(await readFile(path.join(generated, 'model/chime.json'), 'utf8')) as Service;

  // The package's build script runs `tsc`; the project's own compiler stands in for its devDependency.
  run('npm', ['run', 'build'], generated, { PATH: `${path.join(PROJECT_ROOT, 'node_modules/.bin')}${path.delimiter}${process.env['PATH'] ?? ''}` });
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', root], generated).trim().split('\n').at(-1)!;
  packageFiles = run('tar', ['-tzf', path.join(root, tarball)], root).trim().split('\n');

  const consumer = path.join(root, 'consumer');
  await mkdir(consumer);
  await writeFile(path.join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n');
  run('npm', ['install', path.join(root, tarball), '--offline', '--no-audit', '--no-fund'], consumer);

  await writeFile(path.join(consumer, 'esm.mts'), PROGRAM);
  await writeFile(path.join(consumer, 'cjs.cts'), PROGRAM);
  run(process.execPath, [TSC, '--strict', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--outDir', 'out', 'esm.mts', 'cjs.cts'], consumer);

  outputs = {
    esm: JSON.parse(run(process.execPath, ['out/esm.mjs'], consumer)) as ProgramOutput,
    cjs: JSON.parse(run(process.execPath, ['out/cjs.cjs'], consumer)) as ProgramOutput,
  };
  expect(await readdir(path.join(consumer, 'node_modules/@iamref/aws-iam'))).toContain('package.json');
}, 180_000);

describe('installed package', () => {
  test('tarball holds both builds and the schema', () => {
    expect(packageFiles).toEqual(expect.arrayContaining(['package/dist/esm/chime.js', 'package/dist/cjs/chime.js', 'package/dist/cjs/package.json', 'package/dist/esm/index.d.ts', 'package/schema/iam-policy.schema.json', 'package/README.md']));
  });

  test('tarball leaves out the sources', () => {
    expect(packageFiles.filter((file) => file.startsWith('package/src/'))).toEqual([]);
  });

  describe.each(['esm', 'cjs'] as const)('%s program', (system) => {
    test('reads the action enum', () => {
      expect(outputs[system].createMeeting).toBe('chime:CreateMeeting');
    });

    test('reads the List actions', () => {
      const expected = chime.actions.filter((action) => action.accessLevel === 'List').map((action) => `chime:${action.name}`);

      expect(outputs[system].listActions).toEqual(expected);
      expect(outputs[system].listFrozen).toBe(true);
    });

    test('builds an ARN from named parts', () => {
      expect(outputs[system].objectArn).toBe('arn:aws:storage-box:::reports/2020/q1.csv');
    });

    test('builds an ARN in another partition', () => {
      expect(outputs[system].bucketArn).toBe('arn:aws-cn:storage-box:::reports');
    });

    test('reads a condition key type', () => {
      expect(outputs[system].sizeType).toBe('Numeric');
    });

    test('looks up an action in any case', () => {
      expect(outputs[system].lookup).toBe('chime:CreateMeeting');
    });

    test('expands a trailing wildcard', () => {
      const expected = chime.actions.filter((action) => action.name.startsWith('List')).map((action) => `chime:${action.name}`);

      expect(outputs[system].listPattern).toEqual(expected);
    });

    test('expands a wildcard prefix in any case', () => {
      const expected = [...chime.actions.filter((action) => /^get/i.test(action.name)).map((action) => `chime:${action.name}`), 'storage-box:GetObject'];

      expect(outputs[system].getPattern).toEqual(expected);
    });

    test('expands a question mark', () => {
      expect(outputs[system].questionPattern).toEqual(['storage-box:PutObject']);
    });
  });
});
