/**
 * A pre-filter on a record's raw JSON text, so readers can skip parsing records no rule can match.
 * `Ruleset.wants(source, name)` already answers from the index; but a catch-all rule (root account
 * activity: `eventName: "*"`) would make every record wanted. From each rule's conditions we derive
 * text that any matching record must contain (`userIdentity.type equals Root` → the text `Root`) and
 * test for it with `includes`, which is far cheaper than `JSON.parse`.
 *
 * Conservative by construction: a rule promises text only where every record it can match contains
 * it verbatim. Only runs of characters that neither JSON nor URL encoding ever escapes
 * (`A-Z a-z 0-9 _ . -`) are used, so the text survives escaped and URL-encoded policy documents; and a
 * raw text using `\u` escapes or percent-encoding of such characters is never filtered.
 */
import { type ConditionForm, conditionForm } from './condition-form.js';
import { operatorNamed } from './operators/index.js';
import type { ConditionSpec } from './types.js';

/** Text a matching record must contain: a literal, or all / any of several needs. */
export type RawNeed =
  | { readonly kind: 'text'; readonly text: string; readonly caseInsensitive: boolean }
  | { readonly kind: 'all'; readonly parts: readonly RawNeed[] }
  | { readonly kind: 'any'; readonly parts: readonly RawNeed[] };

/** A compiled pre-filter: false only when the record cannot match. */
export type RawFilter = (rawText: string) => boolean;

/** Runs shorter than this are too common to be worth checking. */
const MIN_RUN = 3;
const SAFE_RUN = /[A-Za-z0-9_.-]+/g;
/** Escapes that could spell a safe character differently from the rule: `\uXXXX` and `%XX` of `[A-Za-z0-9_.-]`. */
const OBFUSCATED = /\\u|%(?:2[DdEe]|3[0-9]|4[1-9A-Fa-f]|5[0-9AaFf]|6[1-9A-Fa-f]|7[0-9Aa])/;

/** Derives what a condition requires of the raw text; undefined when it requires nothing usable. */
export function rawNeedOf(spec: ConditionSpec | undefined): RawNeed | undefined {
  if (spec === undefined) return undefined;
  const form = conditionForm(spec);
  switch (form.form) {
    case 'all': {
      const parts = form.children.map(rawNeedOf).filter((need): need is RawNeed => need !== undefined);
      return parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { kind: 'all', parts };
    }
    case 'any': {
      const parts = form.children.map(rawNeedOf);
      if (parts.length === 0 || parts.some((need) => need === undefined)) return undefined;
      return { kind: 'any', parts: parts as readonly RawNeed[] };
    }
    case 'field':
      return fieldNeed(form);
    default:
      // `not` promises no text; policy documents may be escaped or encoded in ways we do not follow.
      return undefined;
  }
}

/**
 * Compiles a need to a filter; without a need every text passes.
 *
 * @example
 * const filter = compileRawFilter(rawNeedOf({ field: 'userIdentity.type', equals: 'Root' }));
 * filter('{"userIdentity":{"type":"IAMUser"}}'); // false
 */
export function compileRawFilter(need: RawNeed | undefined): RawFilter {
  if (need === undefined) return () => true;
  const test = compileNeed(need);
  return (rawText) => {
    if (mayBeObfuscated(rawText)) return true;
    let lowered: string | undefined;
    return test(rawText, () => {
      lowered ??= rawText.toLowerCase();
      return lowered;
    });
  };
}

/**
 * `OBFUSCATED.test`, answered by two `includes` for the many records without `\u` or `%`: a regular
 * expression run over every record's text costs as much as splitting it (measured in BENCHMARKS.md).
 */
function mayBeObfuscated(rawText: string): boolean {
  return rawText.includes('\\u') || (rawText.includes('%') && OBFUSCATED.test(rawText));
}

type NeedTest = (rawText: string, lowered: () => string) => boolean;

function compileNeed(need: RawNeed): NeedTest {
  switch (need.kind) {
    case 'text': {
      const text = need.text;
      return need.caseInsensitive ? (_raw, lowered) => lowered().includes(text) : (raw) => raw.includes(text);
    }
    case 'all': {
      const parts = need.parts.map(compileNeed);
      return (raw, lowered) => parts.every((part) => part(raw, lowered));
    }
    case 'any': {
      const parts = need.parts.map(compileNeed);
      return (raw, lowered) => parts.some((part) => part(raw, lowered));
    }
  }
}

function fieldNeed(form: Extract<ConditionForm, { form: 'field' }>): RawNeed | undefined {
  if (form.operator === 'exists') {
    // A present field puts its key into the text.
    return form.arg === true ? textNeed(form.path.slice(form.path.lastIndexOf('.') + 1), false) : undefined;
  }
  const required = operatorNamed(form.operator)?.requiredText?.(form.arg);
  if (required === undefined || required.alternatives.length === 0) return undefined;
  const alternatives: RawNeed[] = [];
  for (const literals of required.alternatives) {
    const parts = literals
      .map((literal) => textNeed(literal, required.caseInsensitive))
      .filter((need): need is RawNeed => need !== undefined);
    // An alternative that promises nothing makes the whole field promise nothing.
    if (parts.length === 0) return undefined;
    alternatives.push(parts.length === 1 ? (parts[0] as RawNeed) : { kind: 'all', parts });
  }
  return alternatives.length === 1 ? alternatives[0] : { kind: 'any', parts: alternatives };
}

/** The longest safe run of a literal, as a need; undefined for numeric or too-short literals. */
function textNeed(literal: string, caseInsensitive: boolean): RawNeed | undefined {
  // A numeric string also equals a JSON number, which the raw text may spell differently (1e3).
  if (literal.trim() !== '' && Number.isFinite(Number(literal))) return undefined;
  let longest = '';
  for (const run of literal.match(SAFE_RUN) ?? []) if (run.length > longest.length) longest = run;
  if (longest.length < MIN_RUN) return undefined;
  return { kind: 'text', text: caseInsensitive ? longest.toLowerCase() : longest, caseInsensitive };
}
