/**
 * The emit cache: the files of emitters that read every service at once,
 * keyed by the whole model, so that a run whose model has not changed does
 * not build them again. The TypeScript and docs emitters cache each
 * service's file themselves, so that one changed service re-emits only its
 * own files (see `emitTypeScript` and `emitDocs`).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmitContext, Emitter, OutputFile } from '../emit/types.js';
import { type CacheStore, hashFolder, hashKey } from './store.js';

const NAMESPACE = 'emit';

/**
 * The cached stages and whether their key includes the templates. These
 * emitters read only `services` and `templatesDir`. The context they get
 * throws on any other field, so an emitter that starts to read one fails
 * loudly instead of being served a stale entry.
 */
const CACHED_STAGES: Record<string, { templates: boolean }> = {
  'emit policy schema': { templates: false },
};

/** Runs emitters through the cache; emitters of stages it does not cache run as they are. */
export class EmitCache {
  private modelHash: string | undefined;
  private templatesHash: string | undefined;

  constructor(
    private readonly store: CacheStore | undefined,
    private readonly context: EmitContext,
  ) {}

  /** Return the files of `emit` for `stage`, from the cache when its inputs are unchanged. */
  async run(stage: string, emit: Emitter): Promise<OutputFile[]> {
    const settings = CACHED_STAGES[stage];
    if (!this.store || !settings) return emit(this.context);

    this.modelHash ??= hashKey(JSON.stringify(this.context.services));
    if (settings.templates) this.templatesHash ??= await hashFolder(this.context.templatesDir);
    const key = hashKey('emit', stage, this.modelHash, settings.templates ? this.templatesHash! : '');

    const cached = await this.store.get<OutputFile[]>(NAMESPACE, key);
    this.store.count(stage.replace(/^emit /, ''), cached !== undefined);
    if (cached) return cached;
    const files = await emit(restrictedContext(this.context, stage));
    this.store.setLater(NAMESPACE, key, files);
    return files;
  }
}

/** Build the context of a cached stage, which offers `services` and `templatesDir` only. */
function restrictedContext(context: EmitContext, stage: string): EmitContext {
  const reject = (field: string): never => {
    throw new Error(`The ${stage} stage read context.${field}, which its cache key leaves out; add it to the key in generator/cache/emit.ts.`);
  };
  return {
    services: context.services,
    templatesDir: context.templatesDir,
    get previous() {
      return reject('previous');
    },
    get date() {
      return reject('date');
    },
  };
}
