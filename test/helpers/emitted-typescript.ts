/**
 * Test helpers for emitted TypeScript: write the files to a temporary folder,
 * compile them as a strict NodeNext project, and load their values by
 * transpiling each module to JavaScript and importing it.
 */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

import { compareText } from '../../generator/emit/identifiers.js';
import type { EmitContext, OutputFile } from '../../generator/emit/types.js';
import type { Service } from '../../generator/model/types.js';

/** A temporary folder holding emitted files; `remove` deletes it. */
export interface EmittedFolder {
  root: string;
  remove: () => Promise<void>;
}

/** Write `files` under a new temporary folder marked as an ES module package. */
export async function writeEmitted(files: readonly OutputFile[]): Promise<EmittedFolder> {
  const root = await mkdtemp(join(tmpdir(), 'iamref-emit-'));
  await writeFile(join(root, 'package.json'), '{ "type": "module" }\n');

  for (const file of files) {
    const path = join(root, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }

  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}

/**
 * Compile the `.ts` files of `folder` the way a consumer would (strict,
 * NodeNext, no emit) and return every diagnostic as one line of text.
 */
export function compileEmitted(folder: EmittedFolder, files: readonly OutputFile[]): string[] {
  const rootNames = files.filter((file) => file.path.endsWith('.ts')).map((file) => join(folder.root, file.path));
  const program = ts.createProgram({
    rootNames,
    options: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      noUncheckedIndexedAccess: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      types: [],
    },
  });

  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n') + (diagnostic.file ? ` (${diagnostic.file.fileName})` : ''));
}

/**
 * Transpile every `src/*.ts` file of `files` to JavaScript next to it and
 * import `src/index.js`, so that the values are the ones a consumer imports.
 */
export async function importEmitted(folder: EmittedFolder, files: readonly OutputFile[]): Promise<Record<string, unknown>> {
  for (const file of files.filter((candidate) => candidate.path.endsWith('.ts'))) {
    const output = ts.transpileModule(file.content, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
      fileName: file.path,
    });
    await writeFile(join(folder.root, file.path.replace(/\.ts$/, '.js')), output.outputText);
  }

  return (await import(pathToFileURL(join(folder.root, 'src/index.js')).href)) as Record<string, unknown>;
}

/** Read a hand-written service model from `test/fixtures/model/<name>.json`. */
export async function readModelFixture(name: string): Promise<Service> {
  const text = await readFile(new URL(`../fixtures/model/${name}.json`, import.meta.url), 'utf8');
  return JSON.parse(text) as Service;
}

/** Build an emitter context around `services`, sorted by prefix as the pipeline passes them. */
export function contextOf(services: Service[]): EmitContext {
  const sorted = [...services].sort((a, b) => compareText(a.prefix, b.prefix));
  return { services: sorted, previous: null, date: '2026-01-01', templatesDir: 'templates' };
}
