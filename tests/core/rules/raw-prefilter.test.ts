import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CloudTrailRecord } from '../../../src/core/cloudtrail/types.js';
import { evaluate } from '../../../src/core/detect.js';
import { compileCondition } from '../../../src/core/rules/condition.js';
import { createPolicyAnalysisCache } from '../../../src/core/rules/policy-cache.js';
import { compileRawFilter, rawNeedOf } from '../../../src/core/rules/raw-prefilter.js';
import type { ConditionSpec } from '../../../src/core/rules/types.js';
import { load, NOW } from './yaml-fixtures.js';

const scope = () => ({
  context: { now: new Date('2025-06-01T00:00:00Z') },
  policies: createPolicyAnalysisCache(),
});

// A small vocabulary so random conditions and records often meet.
const words = [
  'Root',
  'root',
  'IAMUser',
  'admin-Role',
  'AdministratorAccess',
  'ci',
  'a.b',
  '42',
  'x y',
  'Ünïcode',
  'arn:aws:iam::aws:policy/Admin',
];
const word = fc.constantFrom(...words);
const paths = fc.constantFrom(
  'userIdentity.type',
  'requestParameters.userName',
  'requestParameters.tags.key',
  'additionalEventData.note',
);

const leaf: fc.Arbitrary<ConditionSpec> = fc.oneof(
  fc.record({ field: paths, equals: fc.oneof(word, fc.integer({ min: 0, max: 50 }), fc.boolean()) }),
  fc.record({ field: paths, anyOf: fc.array(word, { minLength: 1, maxLength: 3 }) }),
  fc.record({ field: paths, prefix: fc.oneof(word, fc.array(word, { minLength: 1, maxLength: 2 })) }),
  fc.record({ field: paths, suffix: word }),
  fc.record({ field: paths, contains: word }),
  fc.record({
    field: paths,
    wildcard: fc.oneof(
      word,
      word.map((w) => `*${w}*`),
      word.map((w) => `${w}?*`),
    ),
  }),
  fc.record({ field: paths, exists: fc.boolean() }),
  fc.record({ field: paths, regex: fc.constantFrom('^R', 'oo', '[0-9]') }),
  fc.record({ field: paths, gt: fc.integer({ min: 0, max: 50 }) }),
);
const conditions = fc.letrec<{ node: ConditionSpec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('node') }),
  ),
})).node;

const value = fc.oneof(word, fc.integer({ min: 0, max: 50 }), fc.constant(null), fc.boolean());
const records: fc.Arbitrary<CloudTrailRecord> = fc
  .record(
    {
      eventSource: fc.constant('iam.amazonaws.com'),
      eventName: fc.constant('CreateUser'),
      userIdentity: fc.oneof(fc.record({ type: value }, { requiredKeys: [] }), fc.constant(null)),
      requestParameters: fc.oneof(
        fc.constant(null),
        fc.record(
          {
            userName: value,
            tags: fc.array(fc.record({ key: value }, { requiredKeys: [] }), { maxLength: 2 }),
          },
          { requiredKeys: [] },
        ),
      ),
      additionalEventData: fc.record({ note: value }, { requiredKeys: [] }),
    },
    { requiredKeys: ['eventSource', 'eventName'] },
  )
  .map((record) => record as CloudTrailRecord);
/** The same record as different writers put it on the wire: plain, pretty, or with a URL-encoded copy. */
const encodings = fc.constantFrom<(record: CloudTrailRecord) => string>(
  (record) => JSON.stringify(record),
  (record) => JSON.stringify(record, null, 2),
  (record) => `{"detail-type":"AWS API Call via CloudTrail","detail":${JSON.stringify(record)}}`,
  (record) => JSON.stringify({ ...record, copy: encodeURIComponent(JSON.stringify(record)) }),
);

/** A rules file whose one catch-all rule (every source, every event, any outcome) has `where`. */
function catchAllRule(where: ConditionSpec): string {
  return stringify({
    version: 1,
    rules: [
      {
        id: 'ALL-001',
        name: 'CatchAll',
        description: 'Generated',
        severity: 'LOW',
        category: 'Test',
        action: 'alert',
        match: { eventSource: '*', eventName: '*', outcome: 'any' },
        where,
        tests: [
          { event: 'a.json', expect: 'violation' },
          { event: 'b.json', expect: 'none' },
        ],
      },
    ],
  });
}

describe('Ruleset.wants()', () => {
  it('is true for the raw text of every record that evaluation finds a violation in', () => {
    fc.assert(
      fc.property(
        conditions,
        fc.array(records, { minLength: 1, maxLength: 5 }),
        encodings,
        (condition, batch, encode) => {
          // Prepare
          const ruleset = load(catchAllRule(condition));

          for (const record of batch) {
            // Act
            const violations = evaluate(record, ruleset, { now: NOW }).violations;
            const wanted = ruleset.wants(record.eventSource ?? '', record.eventName ?? '', encode(record));

            // Assess
            if (violations.length > 0) expect(wanted).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('compileRawFilter()', () => {
  it('never rejects the raw text of a record the condition matches', () => {
    fc.assert(
      fc.property(conditions, records, encodings, (condition, record, encode) => {
        // Prepare
        const matches = compileCondition(condition)(record, scope()).holds;
        const filter = compileRawFilter(rawNeedOf(condition));

        // Act
        const wanted = filter(encode(record));

        // Assess
        if (matches) expect(wanted).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects text lacking what an equals on a string requires', () => {
    // Prepare
    const filter = compileRawFilter(rawNeedOf({ field: 'userIdentity.type', equals: 'Root' }));

    // Act / Assess
    expect(filter('{"userIdentity":{"type":"IAMUser"}}')).toBe(false);
    expect(filter('{"userIdentity":{"type":"Root"}}')).toBe(true);
  });

  it('compares case-insensitively for wildcard, and only the longest safe run', () => {
    // Prepare
    const filter = compileRawFilter(
      rawNeedOf({
        field: 'requestParameters.policyArn',
        wildcard: 'arn:aws*:iam::aws:policy/AdministratorAccess',
      }),
    );

    // Act / Assess
    expect(filter('{"policyArn":"arn:aws:iam::aws:policy/administratoraccess"}')).toBe(true);
    expect(filter('{"policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}')).toBe(false);
  });

  it('never filters text that spells characters with \\u or percent escapes', () => {
    // Prepare
    const filter = compileRawFilter(rawNeedOf({ field: 'userIdentity.type', equals: 'Root' }));

    // Act / Assess
    expect(filter('{"userIdentity":{"type":"R\\u006fot"}}')).toBe(true);
    expect(filter('{"doc":"%52oot"}')).toBe(true);
  });

  it('requires nothing of not, regex, numbers or policy predicates', () => {
    // Prepare
    const needs = [
      rawNeedOf({ not: { field: 'a', equals: 'Root' } }),
      rawNeedOf({ field: 'a', regex: 'Root' }),
      rawNeedOf({ field: 'a', equals: 42 }),
      rawNeedOf({ field: 'a', equals: '42' }),
      rawNeedOf({ policy: 'requestParameters.policyDocument', grantsFullAdmin: true }),
      rawNeedOf({
        any: [
          { field: 'a', equals: 'Root' },
          { field: 'a', regex: 'x' },
        ],
      }),
      rawNeedOf(undefined),
    ];

    // Act / Assess
    expect(needs).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});
