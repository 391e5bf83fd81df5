/**
 * IPv4 and IPv6 addresses and CIDR blocks, for the `cidr` operator. CloudTrail's `sourceIPAddress` is
 * an address for most calls but a service name (`ec2.amazonaws.com`) or `AWS Internal` for others:
 * anything that is not an address simply does not match.
 */

/** An address as 4 (IPv4) or 16 (IPv6) bytes. IPv4-mapped IPv6 addresses are reduced to IPv4. */
export type IpBytes = readonly number[];

/** A parsed CIDR block. */
export interface CidrBlock {
  readonly bytes: IpBytes;
  readonly prefixLength: number;
}

/** Parses `a.b.c.d` or an IPv6 address (with `::` and an optional embedded IPv4 tail). */
export function parseIp(text: string): IpBytes | undefined {
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    if (v6 === undefined) return undefined;
    return isIpv4Mapped(v6) ? v6.slice(12) : v6;
  }
  return parseIpv4(text);
}

/**
 * Parses `address/prefix`; a bare address is a single-host block. Returns undefined when malformed
 * (the loader reports it), so evaluation never meets a bad block.
 */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const bytes = addressText.includes(':') ? parseIpv6(addressText) : parseIpv4(addressText);
  if (bytes === undefined) return undefined;
  const maxPrefix = bytes.length * 8;
  if (slash < 0) return { bytes, prefixLength: maxPrefix };
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > maxPrefix) return undefined;
  if (bytes.length === 16 && isIpv4Mapped(bytes) && prefixLength >= 96) {
    return { bytes: bytes.slice(12), prefixLength: prefixLength - 96 };
  }
  return { bytes, prefixLength };
}

/** True when the address lies inside the block (same family, same leading `prefixLength` bits). */
export function cidrContains(block: CidrBlock, address: IpBytes): boolean {
  if (block.bytes.length !== address.length) return false;
  let bits = block.prefixLength;
  for (let i = 0; bits > 0; i += 1) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((block.bytes[i] ?? 0) & mask) !== ((address[i] ?? 0) & mask)) return false;
    bits -= 8;
  }
  return true;
}

function parseIpv4(text: string): IpBytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

function parseIpv6(text: string): IpBytes | undefined {
  const zoneless = text.split('%')[0] ?? '';
  const halves = zoneless.split('::');
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 16 - head.length - tail.length;
  if (halves.length === 2 ? missing < 2 : missing !== 0) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Colon-separated hex groups, the last of which may be a dotted IPv4 address. */
function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const bytes: number[] = [];
  for (let i = 0; i < groups.length; i += 1) {
    const group = groups[i] ?? '';
    if (i === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) return undefined;
      bytes.push(...v4);
    } else {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      const value = Number.parseInt(group, 16);
      bytes.push(value >> 8, value & 0xff);
    }
  }
  return bytes;
}

function isIpv4Mapped(bytes: IpBytes): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 10; i += 1) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}
