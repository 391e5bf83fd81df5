/**
 * JSON Schema of `iam-guard.config.yaml`, the file that chooses which parts of the stack
 * `iam-guard template` and `iam-guard deploy` generate. Documented in docs/operations.md; validated by
 * ajv in config.ts. `hint` is an annotation iam-guard shows when a pattern does not match.
 */
import { REMEDIATION_ACTION_NAMES } from '../core/remediation/action-names.js';

/** Retention periods CloudWatch Logs accepts (`RetentionInDays`); any other number is refused at deploy. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const enabledFlag = { type: 'boolean', description: 'Generate this part of the stack.' } as const;

/** The schema object; `additionalProperties: false` everywhere so a misspelt key is an error, not a no-op. */
export const CONFIG_SCHEMA = {
  $id: 'https://iam-guard.dev/schemas/config-v1.json',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1, description: 'Format version of this file.' },
    namePrefix: {
      type: 'string',
      pattern: '^[a-z][a-z0-9-]{1,18}[a-z0-9]$',
      hint: '3 to 20 lowercase letters, digits or dashes, starting with a letter (it becomes part of bucket and role names)',
    },
    alerts: {
      type: 'object',
      additionalProperties: false,
      properties: {
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', hint: 'an e-mail address' },
      },
    },
    slack: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: enabledFlag,
        webhookParameter: {
          type: 'string',
          pattern: '^/[A-Za-z0-9_.\\-/]{1,1000}$',
          hint: 'an SSM parameter name starting with "/", e.g. /iam-guard/slack-webhook',
        },
      },
    },
    priorityAlerts: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: enabledFlag,
        sms: {
          type: 'string',
          pattern: '^\\+[1-9][0-9]{6,14}$',
          hint: 'a phone number in E.164 form, e.g. +15555550100',
        },
        pagerUrl: {
          type: 'string',
          pattern: '^https://[^\\s]+$',
          hint: 'an https:// URL of the paging service',
        },
        email: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', hint: 'an e-mail address' },
      },
    },
    remediation: {
      type: 'object',
      additionalProperties: false,
      properties: {
        enabled: enabledFlag,
        dryRun: { type: 'boolean', description: 'Plan and report, never change IAM.' },
        allowedActions: {
          type: 'array',
          uniqueItems: true,
          items: { enum: [...REMEDIATION_ACTION_NAMES] },
        },
        reservedConcurrency: { type: 'integer', minimum: 1, maximum: 20 },
      },
    },
    athena: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: enabledFlag },
    },
    logs: {
      type: 'object',
      additionalProperties: false,
      properties: { retentionDays: { enum: [...LOG_RETENTION_DAYS] } },
    },
    auditLogs: {
      type: 'object',
      additionalProperties: false,
      properties: { retentionDays: { type: 'integer', minimum: 1, maximum: 3650 } },
    },
    trustedAccounts: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: '^[0-9]{12}$', hint: 'a 12-digit AWS account id (quote it in YAML)' },
    },
    testing: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: enabledFlag },
    },
    tags: {
      type: 'object',
      maxProperties: 40,
      propertyNames: {
        pattern: '^(?!aws:)[A-Za-z0-9 _.:/=+@-]{1,128}$',
        hint: 'a tag key (not starting with aws:)',
      },
      additionalProperties: { type: 'string', maxLength: 256 },
    },
  },
} as const;
