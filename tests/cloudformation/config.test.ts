import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from '../../src/cloudformation/config.js';
import { formatLocation } from '../../src/core/errors.js';
import type { Diagnostic } from '../../src/core/rules/types.js';

const FILE = 'iam-guard.config.yaml';

/** Diagnostics as a user reads them: `file:line:col  path  message`. */
function lines(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${formatLocation(d.location)}  ${d.location.path ?? ''}  ${d.message}`);
}

function errorsOf(text: string): string[] {
  const result = parseConfig(text, FILE);
  if (result.ok) throw new Error('expected the config to be refused');
  return lines(result.errors);
}

describe('parseConfig()', () => {
  it('applies every default to a file that only states its version', () => {
    // Prepare
    const text = 'version: 1\n';

    // Act
    const result = parseConfig(text, FILE);

    // Assess
    expect(result).toEqual({ ok: true, config: DEFAULT_CONFIG, warnings: [] });
    expect(DEFAULT_CONFIG.athena.enabled).toBe(true);
    expect(DEFAULT_CONFIG.remediation).toEqual({
      enabled: false,
      dryRun: true,
      allowedActions: [
        'detach_managed_policy',
        'delete_inline_policy',
        'delete_managed_policy',
        'deactivate_access_key',
        'delete_login_profile',
      ],
      reservedConcurrency: 2,
    });
  });

  it('reads every documented setting', () => {
    // Prepare
    const text = [
      'version: 1',
      'namePrefix: acme-guard',
      'alerts: { email: secops@example.com }',
      'slack: { enabled: true, webhookParameter: /acme/slack }',
      'priorityAlerts: { enabled: true, sms: "+15555550100", pagerUrl: "https://pager.example.com/x", email: oncall@example.com }',
      'remediation: { enabled: true, dryRun: true, allowedActions: [detach_managed_policy], reservedConcurrency: 1 }',
      'athena: { enabled: false }',
      'logs: { retentionDays: 90 }',
      'auditLogs: { retentionDays: 730 }',
      'trustedAccounts: ["111122223333"]',
      'testing: { enabled: true }',
      'tags: { team: secops }',
      '',
    ].join('\n');

    // Act
    const result = parseConfig(text, FILE);

    // Assess
    expect(result).toEqual({
      ok: true,
      warnings: [],
      config: {
        version: 1,
        namePrefix: 'acme-guard',
        alerts: { email: 'secops@example.com' },
        slack: { enabled: true, webhookParameter: '/acme/slack' },
        priorityAlerts: {
          enabled: true,
          sms: '+15555550100',
          pagerUrl: 'https://pager.example.com/x',
          email: 'oncall@example.com',
        },
        remediation: {
          enabled: true,
          dryRun: true,
          allowedActions: ['detach_managed_policy'],
          reservedConcurrency: 1,
        },
        athena: { enabled: false },
        logs: { retentionDays: 90 },
        auditLogs: { retentionDays: 730 },
        trustedAccounts: ['111122223333'],
        testing: { enabled: true },
        tags: { team: 'secops' },
      },
    });
  });

  it('derives the Slack webhook parameter from the prefix unless given', () => {
    // Prepare
    const text = 'version: 1\nnamePrefix: acme\nslack: { enabled: true }\n';

    // Act
    const result = parseConfig(text, FILE);

    // Assess
    expect(result.ok && result.config.slack.webhookParameter).toBe('/acme/slack-webhook');
  });

  it('points a misspelt key at the key itself', () => {
    // Prepare
    const text = 'version: 1\nremediation:\n  enabled: true\n  dryrun: false\n';

    // Act
    const errors = errorsOf(text);

    // Assess
    expect(errors).toEqual([`${FILE}:4:3  remediation.dryrun  unknown field "dryrun"`]);
  });

  it('points a missing version at the top of the file', () => {
    // Act
    const errors = errorsOf('namePrefix: acme\n');

    // Assess
    expect(errors).toEqual([`${FILE}:1:1    missing required field "version"`]);
  });

  it('treats an empty file as one without a version', () => {
    // Act
    const errors = errorsOf('');

    // Assess
    expect(errors).toEqual([`${FILE}:1:1    missing required field "version"`]);
  });

  it('collects every error in file order, each at its value', () => {
    // Prepare
    const text = [
      'version: 1',
      'namePrefix: Bad_Prefix',
      'remediation:',
      '  enabled: "yes"',
      '  allowedActions: [detach_managed_policy, nuke_account]',
      'logs: { retentionDays: 31 }',
      'trustedAccounts: [111122223333]',
      '',
    ].join('\n');

    // Act
    const errors = errorsOf(text);

    // Assess
    expect(errors).toEqual([
      `${FILE}:2:13  namePrefix  must be 3 to 20 lowercase letters, digits or dashes, starting with a letter (it becomes part of bucket and role names)`,
      `${FILE}:4:12  remediation.enabled  must be boolean`,
      `${FILE}:5:43  remediation.allowedActions[1]  must be one of: detach_managed_policy, delete_inline_policy, delete_managed_policy, deactivate_access_key, delete_login_profile`,
      `${FILE}:6:24  logs.retentionDays  must be one of: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653`,
      `${FILE}:7:19  trustedAccounts[0]  must be string`,
    ]);
  });

  it.each([
    ['alerts: { email: not-an-address }', 'alerts.email  must be an e-mail address'],
    [
      'priorityAlerts: { sms: "555-0100" }',
      'priorityAlerts.sms  must be a phone number in E.164 form, e.g. +15555550100',
    ],
    [
      'priorityAlerts: { pagerUrl: "http://pager.example.com" }',
      'priorityAlerts.pagerUrl  must be an https:// URL of the paging service',
    ],
    [
      'slack: { webhookParameter: slack-webhook }',
      'slack.webhookParameter  must be an SSM parameter name starting with "/", e.g. /iam-guard/slack-webhook',
    ],
    ['remediation: { reservedConcurrency: 0 }', 'remediation.reservedConcurrency  must be >= 1'],
    ['auditLogs: { retentionDays: 1.5 }', 'auditLogs.retentionDays  must be integer'],
    ['tags: { "aws:owner": me }', 'tags.aws:owner  invalid key "aws:owner"'],
    ['version: 2', 'version  must be 1'],
  ])('refuses %s', (line, expected) => {
    // Prepare
    const text = line.startsWith('version') ? `${line}\n` : `version: 1\n${line}\n`;

    // Act
    const errors = errorsOf(text);

    // Assess
    expect(errors.map((error) => error.replace(/^[^ ]+ {2}/, ''))).toContain(expected);
  });

  it('reports YAML syntax errors with their position', () => {
    // Prepare
    const text = 'version: 1\nslack: { enabled: true\n';

    // Act
    const result = parseConfig(text, FILE);

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({
      severity: 'error',
      code: 'ConfigYamlInvalid',
      location: { file: FILE, line: 3 },
    });
  });

  it('refuses a key given twice', () => {
    // Act
    const result = parseConfig('version: 1\nnamePrefix: a-b-c\nnamePrefix: d-e-f\n', FILE);

    // Assess
    expect(result).toMatchObject({
      ok: false,
      errors: [{ code: 'ConfigYamlInvalid', location: { line: 3 } }],
    });
  });

  it('warns about settings that are valid but probably not meant', () => {
    // Prepare
    const text =
      'version: 1\npriorityAlerts: { enabled: true }\nremediation: { enabled: false }\ntesting: { enabled: true }\n';

    // Act
    const result = parseConfig(text, FILE);

    // Assess
    expect(result.ok && lines(result.warnings)).toEqual([
      `${FILE}:2:17  priorityAlerts  priority alerts are on but nobody is subscribed`,
      `${FILE}:4:10  testing  selftest can check detection only: remediation is off`,
    ]);
  });

  it('warns when remediation will change IAM for real', () => {
    // Act
    const result = parseConfig('version: 1\nremediation:\n  enabled: true\n  dryRun: false\n', FILE);

    // Assess
    expect(result.ok && result.warnings.map((w) => [w.code, formatLocation(w.location)])).toEqual([
      ['RemediationLive', `${FILE}:4:11`],
    ]);
  });
});
