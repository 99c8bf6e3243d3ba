/**
 * The TypeScript emitter formats all its modules in one prettier call and
 * splits the output at boundary lines. Each module must come out as it does
 * when it is formatted alone, and each enum as prettier formats it with its
 * doc comments in place.
 */
import path from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { emitTypeScript } from '../generator/emit/typescript.js';
import { readDocs } from '../generator/pipeline.js';
import { CORPUS, HAS_CORPUS } from './helpers/run-cli.js';

const SNAPSHOT = path.join(CORPUS, 'iam-user-guide/snapshots/2020-11-06');
const OPTIONS: prettier.Options = { parser: 'typescript', printWidth: 100, trailingComma: 'all' };

describe.skipIf(!HAS_CORPUS)('TypeScript modules formatted together', () => {
  it('match modules formatted alone', async () => {
    const { services } = await readDocs(SNAPSHOT, { threads: 0 });
    const context = { services, previous: null, date: '2020-11-06', templatesDir: 'templates' };
    const together = new Map((await emitTypeScript(context)).map((file) => [file.path, file.content]));

    // Prefixes without a dot or a dash keep their module name when emitted alone.
    for (const service of services.filter((candidate) => /^[a-z0-9]+$/.test(candidate.prefix)).slice(0, 40)) {
      const alone = await emitTypeScript({ ...context, services: [service] });
      const module = alone.find((file) => file.path === `src/${service.prefix}.ts`);
      expect(module, service.prefix).toBeDefined();
      expect(together.get(module!.path), service.prefix).toBe(module!.content);
    }
  }, 120_000);

  it('keeps enums as prettier formats them', async () => {
    const { services } = await readDocs(SNAPSHOT, { threads: 0 });
    const files = await emitTypeScript({ services, previous: null, date: '2020-11-06', templatesDir: 'templates' });

    for (const file of files.filter((candidate) => !candidate.path.startsWith('src/_') && candidate.path !== 'src/index.ts').slice(0, 40)) {
      // The import and the enums come first, up to the first exported constant.
      const enums = file.content.slice(0, file.content.search(/^\/\*\*[^]*?\*\/\nexport const /m));
      expect(await prettier.format(enums, OPTIONS), file.path).toBe(enums);
    }
  }, 120_000);
});
