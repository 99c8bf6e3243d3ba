#!/usr/bin/env node
/**
 * The `iamref` command line: finds the subcommand and maps errors to exit
 * statuses. Each subcommand lives in generator/commands/.
 *
 * Exit status: 0 success; 1 errors in the input (every diagnostic is
 * printed), a failed run or an out-of-date output folder; 2 wrong usage;
 * 3 a run held back by the removal guard.
 */
import { checkCommand } from './commands/check.js';
import { type Command, UsageError } from './commands/command.js';
import { diffCommand } from './commands/diff.js';
import { generateCommand } from './commands/generate.js';
import { historyCommand } from './commands/history.js';
import { TemplateError } from './emit/docs.js';
import { GenerateError } from './pipeline.js';
import { PreviousModelError } from './read/previous-model.js';

const COMMANDS: Command[] = [generateCommand, diffCommand, historyCommand, checkCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  const lines = COMMANDS.map((command) => `  ${command.name.padEnd(width)}   ${command.summary}`);
  return `Usage: iamref <command> [options]

Commands:
${lines.join('\n')}

Run "iamref <command> --help" for the options of a command.

Exit status: 0 success, 1 errors in the input, a failed run or (check) an
out-of-date output folder, 2 wrong usage, 3 (generate) the removal guard held
the run back.`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }

  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      process.stderr.write(`iamref: ${error.message}\nRun "iamref --help" for usage.\n`);
      process.exitCode = 2;
      return;
    }
    if (error instanceof GenerateError) {
      process.stderr.write(`iamref: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (error instanceof TemplateError || error instanceof PreviousModelError) {
      process.stderr.write(`iamref: ${error.message}\n`);
    } else {
      process.stderr.write(`iamref: the command failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
    process.exitCode = 1;
  },
);
