/** The contract shared by every emitter. */
import type { CacheStore } from '../cache/store.js';
import type { Service } from '../model/types.js';

/** A file to write, with its path relative to the output folder (`/` separators). */
export interface OutputFile {
  path: string;
  content: string;
}

export interface EmitContext {
  /** Every service of the new model, sorted by prefix. */
  services: Service[];
  /** The services of the model already in the output folder, or null when there is none. */
  previous: Service[] | null;
  /** The date of the changelog entry, `YYYY-MM-DD`. */
  date: string;
  /** The folder holding the documentation templates. */
  templatesDir: string;
  /** The `version` of the `package.json` already in the output folder, or null (or absent) when there is none. */
  previousPackageVersion?: string | null;
  /** The cache, for emitters that cache their parts themselves; absent with `--no-cache`. */
  cache?: CacheStore | undefined;
  /** Records the time since the previous lap under a stage name, for an emitter that times its steps apart. */
  timer?: { lap(stage: string): void } | undefined;
}

/** An emitter turns the model into files; it never writes them itself. */
export type Emitter = (context: EmitContext) => Promise<OutputFile[]>;
