/** What every subcommand of `iamref` provides to the dispatcher in cli.ts. */

export interface Command {
  name: string;
  /** One line for the list of commands in `iamref --help`. */
  summary: string;
  /** The full help text of the command. */
  usage: string;
  /** Run the command with the arguments after its name; resolves to the exit status. */
  run(args: string[]): Promise<number>;
}

/** Wrong usage of the command line; the dispatcher prints it with a hint and exits with status 2. */
export class UsageError extends Error {}
