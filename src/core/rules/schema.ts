/**
 * The JSON Schemas of rules.yaml and suppress.yaml, generated from the operator and predicate
 * registries (Cloud Custodian `generate()`): a new operator or predicate is valid in rule files as
 * soon as it is in its registry. Unknown keys are errors everywhere (`additionalProperties: false`).
 *
 * Two keywords are iam-guard's own: `x-message` (an annotation: friendlier wording per failing
 * keyword) and `conditionForm` (a condition has exactly one form, and a leaf exactly one operator or
 * predicate), both registered by validate.ts.
 */
import { REMEDIATION_ACTION_NAMES } from '../remediation/action-names.js';
import { EXPIRY_PATTERN } from './expiry.js';
import { FIELD_PATH_PATTERN } from './field-path.js';
import { type JsonSchema, NON_EMPTY_STRING, SCALAR, STRING_OR_LIST } from './json-schema.js';
import { OPERATOR_NAMES, OPERATORS } from './operators/index.js';
import { PREDICATE_NAMES, PREDICATES } from './predicates/index.js';
import { RULE_ACTIONS, SEVERITIES } from './types.js';

/** Rule ids: an area, a dash and three digits. */
export const RULE_ID_PATTERN = '^[A-Z][A-Z0-9]*-[0-9]{3}$';
/** Rule names: PascalCase. */
export const RULE_NAME_PATTERN = '^[A-Z][A-Za-z0-9]*$';
/** MITRE ATT&CK technique ids: `T1098` or `T1098.003`. */
export const MITRE_PATTERN = '^T[0-9]{4}(\\.[0-9]{3})?$';
/** The keys that choose a condition's form. */
export const CONDITION_FORMS = ['all', 'any', 'not', 'field', 'policy'] as const;

const FIELD_PATH: JsonSchema = {
  type: 'string',
  pattern: FIELD_PATH_PATTERN,
  'x-message': { pattern: 'must be a dotted field path, e.g. requestParameters.policyArn' },
};

/** The schema of one condition node (recursive through `#/$defs/condition`). */
function conditionSchema(): JsonSchema {
  const ref = { $ref: '#/$defs/condition' };
  const properties: Record<string, JsonSchema> = {
    all: { type: 'array', items: ref, minItems: 1 },
    any: { type: 'array', items: ref, minItems: 1 },
    not: ref,
    field: FIELD_PATH,
    policy: FIELD_PATH,
    compareToBaseline: { type: 'boolean' },
  };
  for (const name of OPERATOR_NAMES) properties[name] = OPERATORS[name].schema;
  for (const name of PREDICATE_NAMES) properties[name] = PREDICATES[name].schema;
  return { type: 'object', properties, additionalProperties: false, conditionForm: true };
}

const TEST_CASE: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['event', 'expect'],
  properties: {
    name: NON_EMPTY_STRING,
    event: NON_EMPTY_STRING,
    record: { type: 'integer', minimum: 0 },
    expect: { enum: ['violation', 'none'] },
  },
};

const RULE: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'description', 'severity', 'category', 'action', 'match'],
  properties: {
    id: {
      type: 'string',
      pattern: RULE_ID_PATTERN,
      'x-message': { pattern: 'must look like IAM-001 (letters, a dash, three digits)' },
    },
    name: {
      type: 'string',
      pattern: RULE_NAME_PATTERN,
      'x-message': { pattern: 'must be PascalCase, e.g. AdminPolicyAttached' },
    },
    description: NON_EMPTY_STRING,
    severity: { enum: SEVERITIES },
    category: NON_EMPTY_STRING,
    action: { enum: RULE_ACTIONS },
    remediation: { enum: REMEDIATION_ACTION_NAMES },
    mitre: {
      type: 'array',
      items: {
        type: 'string',
        pattern: MITRE_PATTERN,
        'x-message': { pattern: 'must be an ATT&CK technique id such as T1098 or T1098.003' },
      },
    },
    runbook: NON_EMPTY_STRING,
    reference: { type: 'string', pattern: '^https?://', 'x-message': { pattern: 'must be an http(s) URL' } },
    dedup: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'window'],
      properties: { key: NON_EMPTY_STRING, window: { type: 'string' } },
    },
    match: {
      type: 'object',
      additionalProperties: false,
      required: ['eventSource', 'eventName'],
      properties: {
        eventSource: STRING_OR_LIST,
        eventName: STRING_OR_LIST,
        outcome: { enum: ['success', 'failure', 'any'] },
      },
    },
    where: { $ref: '#/$defs/condition' },
    tests: { type: 'array', items: TEST_CASE },
  },
};

/**
 * The schema of a rules file.
 *
 * @example
 * new Ajv().compile(rulesFileSchema());
 */
export function rulesFileSchema(): JsonSchema {
  return {
    $id: 'https://iam-guard.dev/schemas/rules.json',
    title: 'iam-guard rules file',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'rules'],
    properties: {
      version: { const: 1 },
      parameters: {
        type: 'object',
        additionalProperties: { anyOf: [SCALAR, { type: 'array', items: SCALAR }] },
      },
      exclude: {
        type: 'object',
        additionalProperties: false,
        properties: { principals: { type: 'array', items: NON_EMPTY_STRING } },
      },
      rules: { type: 'array', items: RULE },
    },
    $defs: { condition: conditionSchema() },
  };
}

/** The schema of a suppressions file. */
export function suppressionsFileSchema(): JsonSchema {
  return {
    $id: 'https://iam-guard.dev/schemas/suppress.json',
    title: 'iam-guard suppressions file',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'suppressions'],
    properties: {
      version: { const: 1 },
      suppressions: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'reason', 'owner'],
          properties: {
            rule: NON_EMPTY_STRING,
            principals: { type: 'array', items: NON_EMPTY_STRING, minItems: 1 },
            targets: { type: 'array', items: NON_EMPTY_STRING, minItems: 1 },
            reason: NON_EMPTY_STRING,
            owner: NON_EMPTY_STRING,
            expires: {
              type: 'string',
              pattern: EXPIRY_PATTERN,
              'x-message': { pattern: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with a zone' },
            },
          },
        },
      },
    },
  };
}
