import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cidrContains, parseCidr, parseIp } from '../../../src/core/rules/ip-range.js';
import { cidrOperator } from '../../../src/core/rules/operators/cidr.js';

const octets = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const dotted = (bytes: readonly number[]) => bytes.join('.');

describe('cidr operator', () => {
  it('puts every IPv4 address inside 0.0.0.0/0 and inside its own /32', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        // Prepare
        const test = cidrOperator.compile(['0.0.0.0/0']);
        const own = cidrOperator.compile(`${address}/32`);

        // Act / Assess
        expect(test(address, {})).toBe(true);
        expect(own(address, {})).toBe(true);
      }),
    );
  });

  it('holds for an address exactly when its first prefix bits equal the block’s', () => {
    fc.assert(
      fc.property(octets, octets, fc.integer({ min: 0, max: 32 }), (block, address, prefix) => {
        // Prepare
        const toNumber = (bytes: readonly number[]) => bytes.reduce((acc, byte) => acc * 256 + byte, 0);
        const expected =
          Math.floor(toNumber(block) / 2 ** (32 - prefix)) ===
          Math.floor(toNumber(address) / 2 ** (32 - prefix));
        const test = cidrOperator.compile(`${dotted(block)}/${prefix}`);

        // Act
        const inside = test(dotted(address), {});

        // Assess
        expect(inside).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('parses every IPv6 address and puts it inside its own /128 and ::/0, never inside an IPv4 block', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        // Prepare
        const parsed = parseIp(address);
        fc.pre(parsed !== undefined && parsed.length === 16);
        const own = cidrOperator.compile(`${address}/128`);
        const everything = cidrOperator.compile('::/0');
        const ipv4 = cidrOperator.compile('0.0.0.0/0');

        // Act / Assess
        expect(own(address, {})).toBe(true);
        expect(everything(address, {})).toBe(true);
        expect(ipv4(address, {})).toBe(false);
      }),
    );
  });

  it('treats IPv4-mapped IPv6 addresses as the IPv4 address they carry', () => {
    // Prepare
    const test = cidrOperator.compile('192.0.2.0/24');

    // Act / Assess
    expect([test('::ffff:192.0.2.44', {}), test('::ffff:198.51.100.1', {})]).toEqual([true, false]);
  });
});

describe('parseCidr()', () => {
  it('rejects malformed blocks', () => {
    // Prepare
    const bad = [
      '10.0.0/8',
      '10.0.0.256/8',
      '10.0.0.0/',
      '10.0.0.0/-1',
      '2001:db8::/129',
      '1::2::3/64',
      'x/8',
      '',
    ];

    // Act
    const parsed = bad.map(parseCidr);

    // Assess
    expect(parsed.every((block) => block === undefined)).toBe(true);
  });

  it('accepts a bare address as a single-host block', () => {
    // Prepare / Act
    const block = parseCidr('203.0.113.9');

    // Assess
    expect(block?.prefixLength).toBe(32);
    expect(block && cidrContains(block, parseIp('203.0.113.9') ?? [])).toBe(true);
  });
});
