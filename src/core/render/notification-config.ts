/**
 * rules/notification-config.yaml: per channel (SNS e-mail, Slack), whether it is on, the lowest severity
 * it is told about, which remediation results it hears of, its subject lines and the fields it shows.
 * Parsed like the rule files: YAML with positions → ajv → template checks, each problem located at
 * `file:line:col`. `parseNotificationConfig` collects every problem (for `rules lint`);
 * `loadNotificationConfig` fails on the first (for the functions).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { formatLocation, InputFileError } from '../errors.js';
import { REMEDIATION_STATUSES, type RemediationStatus, VIOLATION_EVENT_SOURCE } from '../events.js';
import { closest } from '../policy/catalogue/suggest.js';
import { schemaDiagnostics } from '../rules/schema-errors.js';
import { type Diagnostic, SEVERITIES, type Severity } from '../rules/types.js';
import { parseYamlSource, type YamlSource } from '../rules/yaml-source.js';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_CONFIG_SCHEMA,
  type NotificationChannel,
} from './notification-config-schema.js';
import {
  eventSeverity,
  NOTIFICATION_FIELD_NAMES,
  type NotifiableEvent,
  type NotificationFieldName,
} from './notification-fields.js';
import { templatePlaceholders } from './subject-template.js';

export type { NotificationChannel };

/** What one channel is sent and shows, after defaults. */
export interface ChannelConfig {
  /** @default true */
  readonly enabled: boolean;
  /** Violations (and their remediation results) below this severity are not sent. */
  readonly minSeverity: Severity;
  /** Remediation results with these statuses are sent. @default all four */
  readonly remediationStatuses: readonly RemediationStatus[];
  /** Subject (SNS) or header (Slack) templates with `{field}` placeholders. */
  readonly subject: { readonly violation: string; readonly remediation: string };
  /** The fields shown, in order; a field the event has no value for is left out. */
  readonly fields: readonly NotificationFieldName[];
}

export interface NotificationConfig {
  readonly channels: Readonly<Record<NotificationChannel, ChannelConfig>>;
}

const COMMON_FIELDS: readonly NotificationFieldName[] = [
  'severity',
  'status',
  'rule_id',
  'rule_name',
  'description',
  'result',
  'error',
  'principal',
  'target',
  'target_type',
  'account',
  'region',
  'event_name',
  'event_time',
  'source_ip',
  'remediation_action',
  'evidence',
  'restore',
  'runbook',
  'reference',
  'correlation_id',
];

/**
 * The configuration when none is uploaded, and the default of every key left out of a channel. It is
 * exactly what rules/notification-config.yaml ships (a test holds the two together).
 */
export const DEFAULT_NOTIFICATION_CONFIG: NotificationConfig = {
  channels: {
    sns: {
      enabled: true,
      minSeverity: 'LOW',
      remediationStatuses: [...REMEDIATION_STATUSES],
      subject: {
        violation: '[{severity}] iam-guard: {rule_name} by {principal_name} in {account}',
        remediation: '[{status}] iam-guard remediation: {remediation_action} for {rule_name}',
      },
      fields: COMMON_FIELDS,
    },
    slack: {
      enabled: true,
      minSeverity: 'MEDIUM',
      remediationStatuses: [...REMEDIATION_STATUSES],
      subject: {
        violation: '{severity}: {rule_name} by {principal_name}',
        remediation: 'Remediation {status}: {remediation_action} for {rule_name}',
      },
      fields: COMMON_FIELDS,
    },
  },
};

/** The result of parsing: the config, or every error; warnings either way. */
export type NotificationConfigParse =
  | { readonly ok: true; readonly config: NotificationConfig; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

interface RawChannel {
  readonly enabled?: boolean;
  readonly minSeverity?: Severity;
  readonly remediationStatuses?: readonly RemediationStatus[];
  readonly subject?: { readonly violation?: string; readonly remediation?: string };
  readonly fields?: readonly NotificationFieldName[];
}

interface RawConfig {
  readonly version: 1;
  readonly channels?: Partial<Record<NotificationChannel, RawChannel>>;
}

let validator: ValidateFunction<RawConfig> | undefined;

function validate(data: unknown): data is RawConfig {
  validator ??= new Ajv({ allErrors: true, strict: true, verbose: true }).compile<RawConfig>(
    NOTIFICATION_CONFIG_SCHEMA,
  );
  return validator(data);
}

function templateDiagnostics(raw: RawConfig, source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const channel of NOTIFICATION_CHANNELS) {
    for (const kind of ['violation', 'remediation'] as const) {
      const template = raw.channels?.[channel]?.subject?.[kind];
      if (template === undefined) continue;
      for (const name of templatePlaceholders(template)) {
        if ((NOTIFICATION_FIELD_NAMES as readonly string[]).includes(name)) continue;
        const suggestion = closest(name, NOTIFICATION_FIELD_NAMES);
        diagnostics.push({
          severity: 'error',
          code: 'NotificationTemplateUnknownField',
          message: `unknown field {${name}} in the subject template${suggestion === undefined ? '' : `; did you mean {${suggestion}}?`}`,
          location: source.locate(['channels', channel, 'subject', kind]),
        });
      }
    }
  }
  return diagnostics;
}

function warningsOf(config: NotificationConfig, source: YamlSource): Diagnostic[] {
  return NOTIFICATION_CHANNELS.filter(
    (channel) =>
      config.channels[channel].enabled && config.channels[channel].remediationStatuses.length === 0,
  ).map((channel) => ({
    severity: 'warning',
    code: 'NotificationNoRemediationResults',
    message: `no remediation status is listed: the ${channel} channel never hears what the remediator did`,
    location: source.locate(['channels', channel, 'remediationStatuses']),
  }));
}

function withDefaults(raw: RawConfig): NotificationConfig {
  const channel = (name: NotificationChannel): ChannelConfig => {
    const given = raw.channels?.[name] ?? {};
    const fallback = DEFAULT_NOTIFICATION_CONFIG.channels[name];
    return {
      enabled: given.enabled ?? fallback.enabled,
      minSeverity: given.minSeverity ?? fallback.minSeverity,
      remediationStatuses: given.remediationStatuses ?? fallback.remediationStatuses,
      subject: {
        violation: given.subject?.violation ?? fallback.subject.violation,
        remediation: given.subject?.remediation ?? fallback.subject.remediation,
      },
      fields: given.fields ?? fallback.fields,
    };
  };
  return { channels: { sns: channel('sns'), slack: channel('slack') } };
}

/**
 * Parses and validates the text of a notification config, collecting every problem.
 *
 * @example
 * const parsed = parseNotificationConfig('version: 1\nchannels:\n  slack: { minSeverity: HIGH }\n');
 * if (parsed.ok) parsed.config.channels.slack.minSeverity; // 'HIGH'
 */
export function parseNotificationConfig(
  text: string,
  file = 'notification-config.yaml',
): NotificationConfigParse {
  const source = parseYamlSource(file, text);
  if (source.diagnostics.length > 0) {
    const errors = source.diagnostics.map((d) => ({ ...d, code: 'NotificationConfigSyntax' }));
    return { ok: false, errors, warnings: [] };
  }
  if (!validate(source.data)) {
    return { ok: false, errors: schemaDiagnostics(validator?.errors ?? [], source), warnings: [] };
  }
  const errors = templateDiagnostics(source.data, source);
  if (errors.length > 0) return { ok: false, errors, warnings: [] };
  const config = withDefaults(source.data);
  return { ok: true, config, warnings: warningsOf(config, source) };
}

/**
 * A diagnostic as one line: `file:line:col  path  message`.
 *
 * @example
 * describeDiagnostic(errors[0]); // 'notification-config.yaml:4:18  channels.slack.minSeverity  unknown minSeverity …'
 */
export function describeDiagnostic(diagnostic: Diagnostic): string {
  const path =
    diagnostic.location.path === undefined || diagnostic.location.path === ''
      ? ''
      : `  ${diagnostic.location.path}`;
  return `${formatLocation(diagnostic.location)}${path}  ${diagnostic.message}`;
}

/**
 * Parses a notification config for use. Throws `InputFileError` (the first problem's code and location,
 * the message starting `file:line:col`) when it is invalid.
 *
 * @example
 * const config = loadNotificationConfig(body, 'config/notification-config.yaml');
 */
export function loadNotificationConfig(text: string, file = 'notification-config.yaml'): NotificationConfig {
  const parsed = parseNotificationConfig(text, file);
  if (parsed.ok) return parsed.config;
  const [first] = parsed.errors;
  const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
  throw new InputFileError(
    `${first === undefined ? `${file}  invalid notification config` : describeDiagnostic(first)}${more}`,
    first?.code ?? 'NotificationConfigInvalid',
    first?.location,
  );
}

/**
 * Whether `channel` is sent `event`: the channel is on, the event's severity is at least its minimum,
 * and, for a remediation result, its status is one the channel listens for.
 *
 * @example
 * if (shouldNotify(config.channels.slack, event)) await slack.post(url, renderSlackMessage(event, config.channels.slack));
 */
export function shouldNotify(channel: ChannelConfig, event: NotifiableEvent): boolean {
  if (!channel.enabled) return false;
  if (SEVERITIES.indexOf(eventSeverity(event)) < SEVERITIES.indexOf(channel.minSeverity)) return false;
  return (
    event.source === VIOLATION_EVENT_SOURCE ||
    channel.remediationStatuses.includes(event.detail.remediation.status)
  );
}
