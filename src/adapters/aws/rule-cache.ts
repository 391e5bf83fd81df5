/**
 * The per-container cache of configuration objects (rules, suppressions, remediator config) read from
 * the rule store. A Lambda container reads the objects once, builds the value from them (a compiled
 * ruleset, a parsed config) and then, at most every `refreshSeconds`, asks the store with
 * `If-None-Match` whether any object changed: an unchanged object costs a 304 and no rebuild; a changed
 * one is read and the value rebuilt from the new text. This is the one piece of module-lifetime state
 * iam-guard allows (STYLE 39): it is created in a function's `deps.ts` and injected into its handler.
 *
 * When a refresh fails (the store cannot be read, or the new objects do not build) while a value is
 * cached, `onRefreshError` decides: `keep` serves the previous value and says so in `staleBecause`
 * (the detector keeps detecting with the last good rules); `fail` throws (the remediator must not act
 * on a configuration it could not confirm). With nothing cached, a failure always throws.
 */
import { InputFileError } from '../../core/errors.js';
import type { Clock, RuleStore } from '../../core/ports.js';

/** One object the value is built from. */
export interface CachedObjectSpec {
  /** Key in the rule store, e.g. `config/rules.yaml`. */
  readonly key: string;
  /** An optional object may be absent; it is then given to `build` as `undefined`. @default false */
  readonly optional?: boolean;
}

/** The objects' texts by key, as given to `build`; `undefined` for an absent optional object. */
export type CachedObjectTexts = ReadonlyMap<string, string | undefined>;

/** What `createRuleCache` needs. */
export interface RuleCacheOptions<T> {
  readonly store: RuleStore;
  readonly objects: readonly CachedObjectSpec[];
  /** Builds the value from the objects' texts; throws (e.g. `InputFileError`) when they are invalid. */
  readonly build: (texts: CachedObjectTexts) => T | Promise<T>;
  /** Minimum time between two checks of the store. @default 60 */
  readonly refreshSeconds?: number;
  /** What a failed refresh does while a value is cached. @default 'keep' */
  readonly onRefreshError?: 'keep' | 'fail';
  /** @default the system clock */
  readonly clock?: Clock;
}

/** The cached value and how it was obtained. */
export interface RuleCacheRead<T> {
  readonly value: T;
  /** ETag of each object the value was built from (absent optional objects are not listed). */
  readonly etags: Readonly<Record<string, string>>;
  /** True when this call read changed objects and rebuilt the value (or built it the first time). */
  readonly reloaded: boolean;
  /** Why the value could not be refreshed, when `onRefreshError` is `keep` and a refresh failed. */
  readonly staleBecause?: unknown;
}

/** A cache of one value built from stored objects. */
export interface RuleCache<T> {
  /** The current value, refreshed first when the last check is `refreshSeconds` old or more. */
  get(): Promise<RuleCacheRead<T>>;
}

/** Default interval between two checks of the store: a new rules file applies within a minute. */
export const DEFAULT_REFRESH_SECONDS = 60;

type StoredObject = { readonly body: string; readonly etag: string } | 'absent';

interface CacheState<T> {
  readonly value: T;
  readonly objects: ReadonlyMap<string, StoredObject>;
  readonly checkedAt: number;
}

const SYSTEM_CLOCK: Clock = { now: () => new Date() };

/**
 * Creates an empty cache; nothing is read until the first `get()`.
 *
 * @example
 * const rules = createRuleCache({
 *   store: createS3Adapter(clients.s3, { bucket }),
 *   objects: [{ key: 'config/rules.yaml' }, { key: 'config/suppress.yaml', optional: true }],
 *   build: (texts) => loadRuleset({ rules: { path: 'rules.yaml', text: texts.get('config/rules.yaml') ?? '' }, now: new Date() }),
 * });
 * const { value: ruleset } = await rules.get();
 */
export function createRuleCache<T>(options: RuleCacheOptions<T>): RuleCache<T> {
  const refreshMs = (options.refreshSeconds ?? DEFAULT_REFRESH_SECONDS) * 1000;
  const clock = options.clock ?? SYSTEM_CLOCK;
  let state: CacheState<T> | undefined;
  let inFlight: Promise<RuleCacheRead<T>> | undefined;

  const refresh = async (previous: CacheState<T> | undefined, now: number): Promise<RuleCacheRead<T>> => {
    try {
      const objects = await readObjects(options, previous);
      const changed =
        previous === undefined ||
        [...objects].some(([key, object]) => !sameObject(object, previous.objects.get(key)));
      const value =
        changed || previous === undefined ? await options.build(textsOf(objects)) : previous.value;
      state = { value, objects, checkedAt: now };
      return { value, etags: etagsOf(objects), reloaded: changed };
    } catch (error) {
      if (previous === undefined || options.onRefreshError === 'fail') throw error;
      // Checked, even though it failed: the store is not asked again before the next interval.
      state = { ...previous, checkedAt: now };
      return {
        value: previous.value,
        etags: etagsOf(previous.objects),
        reloaded: false,
        staleBecause: error,
      };
    }
  };

  return {
    get(): Promise<RuleCacheRead<T>> {
      const now = clock.now().getTime();
      const current = state;
      if (current !== undefined && now - current.checkedAt < refreshMs) {
        return Promise.resolve({ value: current.value, etags: etagsOf(current.objects), reloaded: false });
      }
      inFlight ??= refresh(current, now).finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
  };
}

async function readObjects<T>(
  options: RuleCacheOptions<T>,
  previous: CacheState<T> | undefined,
): Promise<ReadonlyMap<string, StoredObject>> {
  const reads = await Promise.all(
    options.objects.map(async (spec) => {
      const cached = previous?.objects.get(spec.key);
      const etag = cached === undefined || cached === 'absent' ? undefined : cached.etag;
      const read = await options.store.get(spec.key, etag === undefined ? {} : { ifNoneMatch: etag });
      return [spec, read, cached] as const;
    }),
  );
  const objects = new Map<string, StoredObject>();
  for (const [spec, read, cached] of reads) {
    if (read.kind === 'found') objects.set(spec.key, { body: read.body, etag: read.etag });
    else if (read.kind === 'not-modified' && cached !== undefined) objects.set(spec.key, cached);
    else if (spec.optional) objects.set(spec.key, 'absent');
    else {
      throw new InputFileError(
        `${spec.key} is not in the rule store: upload it with \`iam-guard rules push\``,
        'ConfigObjectMissing',
        { file: spec.key },
      );
    }
  }
  return objects;
}

function sameObject(next: StoredObject, previous: StoredObject | undefined): boolean {
  if (previous === undefined) return false;
  if (next === 'absent' || previous === 'absent') return next === previous;
  return next.etag === previous.etag && next.body === previous.body;
}

function textsOf(objects: ReadonlyMap<string, StoredObject>): CachedObjectTexts {
  return new Map([...objects].map(([key, object]) => [key, object === 'absent' ? undefined : object.body]));
}

function etagsOf(objects: ReadonlyMap<string, StoredObject>): Readonly<Record<string, string>> {
  const etags: Record<string, string> = {};
  for (const [key, object] of objects) if (object !== 'absent') etags[key] = object.etag;
  return etags;
}
