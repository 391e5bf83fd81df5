/**
 * The catalogue's service strings as the generator stores them: in groups of consecutive services,
 * each group raw-DEFLATE-compressed and written as Z85 text (a third of the size of the strings, so
 * the detector's bundle stays under its budget). This module turns the groups back into the
 * `services` record of {@link EncodedCatalogue} without decompressing anything up front: a group is
 * inflated the first time one of its services is read, then kept.
 */
import { IamGuardError } from '../../errors.js';
import type { EncodedCatalogue } from './catalogue.js';
import { inflateRaw } from './inflate-raw.js';
import { decodeZ85 } from './z85.js';

/** One compressed group, as `catalogue.generated.ts` lists them. */
export interface CompressedServiceGroup {
  /** The group's service prefixes, in order, separated by one space. */
  readonly services: string;
  /** Bytes of the inflated text: the services' strings joined by "\n". */
  readonly size: number;
  /** Raw DEFLATE of that text, zero-padded to whole frames, in Z85. */
  readonly z85: string;
}

/** The service strings of one group, in the order of its `services`. */
function inflateGroup(group: CompressedServiceGroup, count: number): readonly string[] {
  const bytes = inflateRaw(decodeZ85(group.z85), group.size);
  const texts = bytes.length === group.size ? new TextDecoder().decode(bytes).split('\n') : [];
  if (texts.length !== count) {
    throw new IamGuardError(
      `The action catalogue is damaged: a group of ${count} services (${group.services.slice(0, 40)}…) inflates to ${bytes.length} bytes, not ${group.size}`,
      { code: 'CatalogueDamaged', kind: 'internal' },
    );
  }
  return texts;
}

/**
 * The `services` record over compressed groups: every service is a key at once (listing them
 * inflates nothing); reading one inflates its group, once.
 *
 * @example
 * const services = servicesFromGroups(SERVICE_GROUPS);
 * Object.keys(services).length; // 456, nothing inflated
 * services.iam; // '!AAddClientIDToOpenIDConnectProvider…' (its group inflated now)
 */
export function servicesFromGroups(groups: readonly CompressedServiceGroup[]): EncodedCatalogue['services'] {
  const services: Record<string, string> = {};
  for (const group of groups) {
    const names = group.services.split(' ');
    let texts: readonly string[] | undefined;
    names.forEach((name, index) => {
      Object.defineProperty(services, name, {
        enumerable: true,
        get: () => {
          texts ??= inflateGroup(group, names.length);
          return texts[index];
        },
      });
    });
  }
  return Object.freeze(services);
}
