/**
 * `iam-guard.config.yaml`: which optional parts of the stack exist and how they are set up. Parsing is
 * pure (text in, result out): YAML with line/column → ajv against CONFIG_SCHEMA → defaults → semantic
 * warnings. Every error names `file:line:col`, the field path and what is wrong.
 */
import type { RemediationActionName } from '../core/remediation/action-names.js';
import { REMEDIATION_ACTION_NAMES } from '../core/remediation/action-names.js';
import type { Diagnostic } from '../core/rules/types.js';
import { validateConfigDocument } from './config-validate.js';

/** The optional parts of the stack. `--all-features` turns every one on. */
export const FEATURES = ['slack', 'priorityAlerts', 'remediation', 'athena', 'testing'] as const;
export type Feature = (typeof FEATURES)[number];

/** The configuration with every default applied: what the generator reads. */
export interface IamGuardConfig {
  readonly version: 1;
  /** Prefix of every named resource (functions, buckets, roles, alarms). @default 'iam-guard' */
  readonly namePrefix: string;
  /** Where ordinary alerts go; without an e-mail the topic exists and has no subscription. */
  readonly alerts: { readonly email?: string };
  readonly slack: {
    /** @default false */
    readonly enabled: boolean;
    /** SSM SecureString holding the webhook URL (created by the operator, never by the template). @default '/<namePrefix>/slack-webhook' */
    readonly webhookParameter: string;
  };
  /** A second topic that HIGH and CRITICAL violations reach directly from the bus. */
  readonly priorityAlerts: {
    /** @default false */
    readonly enabled: boolean;
    readonly sms?: string;
    readonly pagerUrl?: string;
    readonly email?: string;
  };
  readonly remediation: {
    /** @default false */
    readonly enabled: boolean;
    /** @default true */
    readonly dryRun: boolean;
    /** The actions the remediator may take; its IAM permissions are generated from them. @default all */
    readonly allowedActions: readonly RemediationActionName[];
    /** Reserved concurrency of the remediator: a bound on how fast it can change IAM. @default 2 */
    readonly reservedConcurrency: number;
  };
  /** Glue table, Athena workgroup, the views and the hourly analytics. @default enabled */
  readonly athena: { readonly enabled: boolean };
  /** Retention of every Lambda and CodeBuild log group. @default 30 */
  readonly logs: { readonly retentionDays: number };
  /** Days the audit trail under `audit-logs/` is kept in S3. @default 365 */
  readonly auditLogs: { readonly retentionDays: number };
  /** Accounts a trust policy may name without a finding; passed to the detector. @default [] */
  readonly trustedAccounts: readonly string[];
  /** The CodeBuild project running `iam-guard selftest` against the stack. @default disabled */
  readonly testing: { readonly enabled: boolean };
  /** Tags `deploy` applies to the stack (CloudFormation propagates them to every resource). @default {} */
  readonly tags: Readonly<Record<string, string>>;
}

/** What the file may contain: every field but `version` optional. */
export type IamGuardConfigInput = {
  readonly version: 1;
  readonly namePrefix?: string;
  readonly alerts?: Partial<IamGuardConfig['alerts']>;
  readonly slack?: Partial<IamGuardConfig['slack']>;
  readonly priorityAlerts?: Partial<IamGuardConfig['priorityAlerts']>;
  readonly remediation?: Partial<IamGuardConfig['remediation']>;
  readonly athena?: Partial<IamGuardConfig['athena']>;
  readonly logs?: Partial<IamGuardConfig['logs']>;
  readonly auditLogs?: Partial<IamGuardConfig['auditLogs']>;
  readonly trustedAccounts?: readonly string[];
  readonly testing?: Partial<IamGuardConfig['testing']>;
  readonly tags?: Readonly<Record<string, string>>;
};

/** Fills in every default. The Slack parameter name follows the prefix unless given. */
export function resolveConfig(input: IamGuardConfigInput): IamGuardConfig {
  const namePrefix = input.namePrefix ?? 'iam-guard';
  return {
    version: 1,
    namePrefix,
    alerts: { ...input.alerts },
    slack: {
      enabled: input.slack?.enabled ?? false,
      webhookParameter: input.slack?.webhookParameter ?? `/${namePrefix}/slack-webhook`,
    },
    priorityAlerts: { ...input.priorityAlerts, enabled: input.priorityAlerts?.enabled ?? false },
    remediation: {
      enabled: input.remediation?.enabled ?? false,
      dryRun: input.remediation?.dryRun ?? true,
      allowedActions: input.remediation?.allowedActions ?? [...REMEDIATION_ACTION_NAMES],
      reservedConcurrency: input.remediation?.reservedConcurrency ?? 2,
    },
    athena: { enabled: input.athena?.enabled ?? true },
    logs: { retentionDays: input.logs?.retentionDays ?? 30 },
    auditLogs: { retentionDays: input.auditLogs?.retentionDays ?? 365 },
    trustedAccounts: input.trustedAccounts ?? [],
    testing: { enabled: input.testing?.enabled ?? false },
    tags: input.tags ?? {},
  };
}

/** The configuration used when no file is given. */
export const DEFAULT_CONFIG: IamGuardConfig = resolveConfig({ version: 1 });

/** The same configuration with the given optional parts switched on or off. */
export function withFeatures(
  config: IamGuardConfig,
  features: Readonly<Partial<Record<Feature, boolean>>>,
): IamGuardConfig {
  let next = config;
  for (const feature of FEATURES) {
    const enabled = features[feature];
    if (enabled !== undefined) next = { ...next, [feature]: { ...next[feature], enabled } };
  }
  return next;
}

/** `--all-features`: every optional part on, everything else as configured. */
export function withAllFeatures(config: IamGuardConfig): IamGuardConfig {
  return withFeatures(config, Object.fromEntries(FEATURES.map((feature) => [feature, true])));
}

/** The outcome of reading a config file: a usable configuration, or every error found. */
export type ConfigParseResult =
  | { readonly ok: true; readonly config: IamGuardConfig; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

/**
 * Parses and validates the text of a config file. Never throws on bad input: all schema errors are
 * collected, each with `file:line:col` and the field path.
 *
 * @example
 * const result = parseConfig('version: 1\nremediation: { enabled: true }\n', 'iam-guard.config.yaml');
 * if (result.ok) buildTemplate({ config: result.config });
 */
export function parseConfig(text: string, file: string): ConfigParseResult {
  const validated = validateConfigDocument(text, file);
  if (!validated.ok) return { ok: false, errors: validated.errors, warnings: [] };
  const config = resolveConfig(validated.value as IamGuardConfigInput);
  return { ok: true, config, warnings: configWarnings(config, validated.locate) };
}

type Locate = (path: readonly (string | number)[]) => Diagnostic['location'];

/** Settings that are valid but probably not what the user meant. */
function configWarnings(config: IamGuardConfig, locate: Locate): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (code: string, path: readonly (string | number)[], message: string): void => {
    warnings.push({ severity: 'warning', code, message, location: locate(path) });
  };
  const priority = config.priorityAlerts;
  if (priority.enabled && !priority.sms && !priority.pagerUrl && !priority.email) {
    warn(
      'PriorityWithoutSubscription',
      ['priorityAlerts'],
      'priority alerts are on but nobody is subscribed',
    );
  }
  if (config.remediation.enabled && !config.remediation.dryRun) {
    warn('RemediationLive', ['remediation', 'dryRun'], 'remediation will change IAM (dryRun is false)');
  }
  if (config.testing.enabled && !config.remediation.enabled) {
    warn('SelfTestWithoutRemediation', ['testing'], 'selftest can check detection only: remediation is off');
  }
  return warnings;
}
