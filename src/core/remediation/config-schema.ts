/**
 * JSON Schema of `rules/remediator-config.json`, the remediator's safety settings. Validated with ajv
 * by `parseRemediatorConfig`; the descriptions double as the reference documentation of each field.
 */
import { REMEDIATION_ACTION_NAMES } from './action-names.js';

const PATTERNS = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 2048 },
  uniqueItems: true,
} as const;

export const REMEDIATOR_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version', 'dryRun', 'allowedActions'],
  properties: {
    $schema: { type: 'string' },
    version: { const: 1, description: 'Format version of this file.' },
    dryRun: {
      type: 'boolean',
      description:
        'Plan and report (status DRY_RUN) without changing IAM. The DRY_RUN environment variable can turn it on, never off.',
    },
    allowedActions: {
      type: 'array',
      items: { enum: [...REMEDIATION_ACTION_NAMES] },
      uniqueItems: true,
      description: 'The remediation actions the remediator may take; any other is SKIPPED.',
    },
    excludedPrincipals: {
      ...PATTERNS,
      description:
        'Users, roles and groups never changed, and callers whose changes are never undone. Patterns with `*` and `?`, case-insensitive; a pattern containing `:` is matched against ARNs, any other against names.',
    },
    excludedPolicies: {
      ...PATTERNS,
      description:
        'Policies never detached or deleted: ARN patterns (managed policies) or name patterns (inline and managed).',
    },
    protectedRoles: {
      ...PATTERNS,
      description:
        'Roles never changed, in addition to the built-in ones: AWS service-linked roles (AWSServiceRoleFor*), OrganizationAccountAccessRole and the stack’s own roles (stackRolePrefix*).',
    },
    maxActionsPerPrincipalPerHour: {
      type: 'integer',
      minimum: 0,
      maximum: 10_000,
      description:
        'Blast-radius limit: remediations caused by one caller per clock hour (UTC). Beyond it the remediator reports SKIPPED instead of acting. 0 never acts.',
    },
    stackRolePrefix: {
      type: 'string',
      pattern: '^[\\w+=,.@-]*$',
      maxLength: 64,
      description: 'Name prefix of the roles iam-guard’s own stack creates; they are always protected.',
    },
  },
} as const;
