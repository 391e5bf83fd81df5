/**
 * JSON Schema of rules/notification-config.yaml. A data table: the field vocabulary comes from the
 * field registry (notification-fields.ts), severities and statuses from the rule and event types, so
 * a new field or status is accepted here without a second edit.
 */
import { REMEDIATION_STATUSES } from '../events.js';
import { SEVERITIES } from '../rules/types.js';
import { NOTIFICATION_FIELD_NAMES } from './notification-fields.js';

/** The channels a notification config can configure. */
export const NOTIFICATION_CHANNELS = ['sns', 'slack'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

const TEMPLATE = { type: 'string', minLength: 1 } as const;

const CHANNEL_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    enabled: { type: 'boolean' },
    minSeverity: { enum: [...SEVERITIES] },
    remediationStatuses: { type: 'array', items: { enum: [...REMEDIATION_STATUSES] }, uniqueItems: true },
    subject: {
      type: 'object',
      additionalProperties: false,
      properties: { violation: TEMPLATE, remediation: TEMPLATE },
    },
    fields: { type: 'array', items: { enum: [...NOTIFICATION_FIELD_NAMES] }, minItems: 1, uniqueItems: true },
  },
} as const;

/** The whole file: `version: 1` and, per channel, every key optional (defaults in notification-config.ts). */
export const NOTIFICATION_CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { const: 1 },
    channels: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(NOTIFICATION_CHANNELS.map((channel) => [channel, CHANNEL_SCHEMA])),
    },
  },
} as const;
