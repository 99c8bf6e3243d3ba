/**
 * Helpers for end-to-end tests: run the built `iamref` program, find the
 * shared corpus, and compile a generated `src/` folder.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CORPUS = path.resolve(PROJECT_ROOT, '../shared/corpus');
export const SEED = path.resolve(PROJECT_ROOT, '../shared/seed/list_amazonchime.md');
export const HAS_CORPUS = existsSync(CORPUS);

const CLI = path.join(PROJECT_ROOT, 'dist/generator/cli.js');

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Run `iamref` with `args` from the project root. The tests run `npm run build` first (the `pretest` script). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs?: number): CliRun {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" before the tests.`);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs, killSignal: 'SIGKILL' as const }),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Create an empty temporary folder. */
export function temporaryFolder(name: string): Promise<string> {
  return mkdtemp(path.join(tmpdir(), `iamref-${name}-`));
}

/** Return every file under `root` with its content, keyed by relative path. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const absolute = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, absolute), await readFile(absolute, 'utf8'));
  }
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Compile every `.ts` file under `srcDir` as a consumer would (`--strict`,
 * NodeNext, no emit) and return the diagnostics as text, one per line.
 */
export async function compileStrict(srcDir: string): Promise<string[]> {
  const names = (await readdir(srcDir)).filter((name) => name.endsWith('.ts')).map((name) => path.join(srcDir, name));
  const program = ts.createProgram(names, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${diagnostic.file.fileName}:${line + 1}:${character + 1} ${text}`;
  });
}
