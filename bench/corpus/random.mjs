/**
 * A seeded pseudo-random generator (sfc32, seeded through splitmix32), so the same seed always
 * writes the same corpus, byte for byte, on every machine and Node version. Math.random() is never
 * used by the corpus.
 */

/** splitmix32: spreads a small integer seed over the four words sfc32 needs. */
function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const HEX = '0123456789abcdef';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Creates a generator from an integer seed.
 *
 * @param {number} seed
 */
export function createRandom(seed) {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  /** A float in [0, 1). */
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const chars = (alphabet, length) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[int(alphabet.length)];
    return out;
  };
  return {
    next,
    /** An integer in [0, n). */
    int,
    /** An integer in [min, max]. */
    between: (min, max) => min + int(max - min + 1),
    /** True with probability p. */
    chance: (p) => next() < p,
    /** One element of a non-empty array. */
    pick: (items) => items[int(items.length)],
    /** One element of `[[weight, value], …]`, by weight. */
    weighted(entries) {
      let total = 0;
      for (const [weight] of entries) total += weight;
      let roll = next() * total;
      for (const [weight, value] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries[entries.length - 1][1];
    },
    /** Shuffles an array in place (Fisher–Yates) and returns it. */
    shuffle(items) {
      for (let i = items.length - 1; i > 0; i--) {
        const j = int(i + 1);
        [items[i], items[j]] = [items[j], items[i]];
      }
      return items;
    },
    /** A version-4-shaped UUID, as CloudTrail writes eventID and most requestIDs. */
    uuid() {
      const h = chars(HEX, 32);
      const variant = HEX[8 + int(4)];
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    hex: (length) => chars(HEX, length),
    upperAlnum: (length) => chars(UPPER_ALNUM, length),
    alnum: (length) => chars(ALNUM, length),
  };
}
