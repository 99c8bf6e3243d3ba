/**
 * The package emitter and the package README on fixtures: the version rule,
 * the shape of `package.json`, and a module whose prefix and names exercise
 * every naming rule compiling with `--strict`.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { FIRST_VERSION, PACKAGE_NAME, bumpVersion, emitPackage, packageVersion, readPackageVersion } from '../generator/emit/package.js';
import { packageReadme } from '../generator/emit/package-readme.js';
import { emitTypeScript } from '../generator/emit/typescript.js';
import type { Service } from '../generator/model/types.js';
import { contextOf, readModelFixture } from './helpers/emitted-typescript.js';
import { compileStrict, temporaryFolder } from './helpers/run-cli.js';

describe('bumpVersion', () => {
  test.each([
    ['1.2.3', 'major', '2.0.0'],
    ['1.2.3', 'minor', '1.3.0'],
    ['1.2.3', 'patch', '1.2.4'],
    ['1.2.3', 'none', '1.2.3'],
    ['1.2.3-beta.1', 'patch', '1.2.4'],
    ['not a version', 'minor', FIRST_VERSION],
  ] as const)('%s with %s is %s', (version, impact, next) => {
    expect(bumpVersion(version, impact)).toBe(next);
  });
});

describe('readPackageVersion', () => {
  test.each([
    ['{ "version": "2.1.0" }', '2.1.0'],
    ['{ "name": "x" }', null],
    ['not json', null],
    [null, null],
  ])('%j gives %j', (text, version) => {
    expect(readPackageVersion(text)).toBe(version);
  });
});

describe('packageVersion', () => {
  let chime: Service;

  beforeAll(async () => {
    chime = await readModelFixture('chime');
  });

  function versionAfter(previous: Service[] | null, services: Service[], previousPackageVersion: string | null): string {
    return packageVersion({ ...contextOf(services), previous, previousPackageVersion });
  }

  test('first generation', () => {
    expect(versionAfter(null, [chime], null)).toBe(FIRST_VERSION);
  });

  test('earlier output without package', () => {
    expect(versionAfter([chime], [chime], null)).toBe(FIRST_VERSION);
  });

  test('no change keeps the version', () => {
    expect(versionAfter([chime], [chime], '1.4.2')).toBe('1.4.2');
  });

  test('removed action is major', () => {
    expect(versionAfter([chime], [{ ...chime, actions: chime.actions.slice(1) }], '1.4.2')).toBe('2.0.0');
  });

  test('added action is minor', () => {
    expect(versionAfter([{ ...chime, actions: chime.actions.slice(1) }], [chime], '1.4.2')).toBe('1.5.0');
  });

  test('removed service is major', () => {
    expect(versionAfter([chime, { ...chime, prefix: 'chime-sdk' }], [chime], '1.4.2')).toBe('2.0.0');
  });
});

describe('package.json', () => {
  let manifest: Record<string, unknown>;

  beforeAll(async () => {
    const services = [await readModelFixture('chime'), await readModelFixture('identifier-rules')];
    const files = await emitPackage(contextOf(services));
    manifest = JSON.parse(files.find((file) => file.path === 'package.json')!.content) as Record<string, unknown>;
  });

  test.each([
    ['name', PACKAGE_NAME],
    ['version', FIRST_VERSION],
    ['type', 'module'],
    ['sideEffects', false],
    ['types', './dist/cjs/index.d.ts'],
  ])('%s is %j', (field, value) => {
    expect(manifest[field]).toEqual(value);
  });

  test('exports one subpath per service module', () => {
    expect(Object.keys(manifest['exports'] as object)).toEqual(['.', './2fa-x-rules-v1---y-', './chime', './schema/*', './package.json']);
  });

  test('subpath has import and require builds', () => {
    expect((manifest['exports'] as Record<string, unknown>)['./chime']).toEqual({
      import: { types: './dist/esm/chime.d.ts', default: './dist/esm/chime.js' },
      require: { types: './dist/cjs/chime.d.ts', default: './dist/cjs/chime.js' },
    });
  });

  test('has no runtime dependencies', () => {
    expect(manifest).not.toHaveProperty('dependencies');
  });

  test('builds with typescript', () => {
    expect(manifest['devDependencies']).toHaveProperty('typescript');
  });
});

describe('naming rules in a compiled module', () => {
  let root: string;

  beforeAll(async () => {
    const rules = await readModelFixture('identifier-rules');
    const chime = await readModelFixture('chime');
    // A prefix whose base is another base plus an access level, prefixes equal after conversion, and a service without actions.
    const clones = [`${rules.prefix}-write`, 'index', 'Chime', 'chime.'].map((prefix): Service => ({ ...chime, prefix }));
    const empty: Service = { ...chime, prefix: 'empty', actions: [] };
    const files = await emitTypeScript(contextOf([rules, chime, empty, ...clones]));

    root = await temporaryFolder('naming');
    await writeFile(path.join(root, 'package.json'), '{ "type": "module" }\n');
    for (const file of files) {
      await mkdir(path.dirname(path.join(root, file.path)), { recursive: true });
      await writeFile(path.join(root, file.path), file.content);
    }
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  test('compiles strict with zero diagnostics', { timeout: 60_000 }, async () => {
    expect(await compileStrict(path.join(root, 'src'))).toEqual([]);
  });
});

describe('package README', () => {
  let readme: string;

  beforeAll(async () => {
    readme = packageReadme([await readModelFixture('chime')]);
  });

  test.each([
    ['install command', 'npm install /tmp/iamref-package/iamref-aws-iam-<version>.tgz'],
    ['ES module import', 'import { ChimeAction, chimeReadActions } from "@iamref/aws-iam/chime";'],
    ['CommonJS require', 'const { ChimeAction } = require("@iamref/aws-iam/chime");'],
    ['ARN builder', 'chimeArn.appInstance({ region: "region", account: "account", appInstanceId: "appInstanceId" });'],
    ['VS Code setting', '"json.schemas"'],
    ['naming rule', '`ChimeWrite` beside `Chime`'],
  ])('shows the %s', (_name, text) => {
    expect(readme).toContain(text);
  });
});
