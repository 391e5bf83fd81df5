/**
 * "Did you mean" for misspelt service prefixes and action names in rules and policies.
 */

/**
 * Levenshtein distance between two strings, or `max + 1` as soon as it is certain to exceed `max`
 * (so scanning a service's few hundred actions stays cheap).
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/** How far a candidate may be from what was written and still be suggested: about one edit in four characters. */
export function suggestionThreshold(written: string): number {
  return Math.max(1, Math.min(4, Math.floor(written.length / 4)));
}

/**
 * The candidate closest to `written` (case-insensitive) within the threshold; ties go to the first in
 * `candidates` order. Undefined when nothing is close enough.
 */
export function closest(written: string, candidates: readonly string[]): string | undefined {
  const target = written.toLowerCase();
  let best: string | undefined;
  let bestDistance = suggestionThreshold(target) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(target, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}
