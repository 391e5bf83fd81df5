import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../../src/core/errors.js';
import {
  type ChannelConfig,
  DEFAULT_NOTIFICATION_CONFIG,
  loadNotificationConfig,
  parseNotificationConfig,
  shouldNotify,
} from '../../../src/core/render/notification-config.js';
import { remediationEventOf, violationEventOf } from './notification-events.js';

const FILE = 'config/notification-config.yaml';

function errorsOf(text: string): readonly string[] {
  const parsed = parseNotificationConfig(text, FILE);
  if (parsed.ok) throw new Error('expected the config to be invalid');
  return parsed.errors.map(
    (e) => `${e.location.line}:${e.location.column} ${e.location.path} ${e.code} ${e.message}`,
  );
}

describe('parseNotificationConfig()', () => {
  it('parses the shipped rules/notification-config.yaml to exactly the built-in defaults', () => {
    // Prepare
    const text = readFileSync('rules/notification-config.yaml', 'utf8');

    // Act
    const parsed = parseNotificationConfig(text, 'rules/notification-config.yaml');

    // Assess
    expect(parsed).toEqual({ ok: true, config: DEFAULT_NOTIFICATION_CONFIG, warnings: [] });
  });

  it('fills every key a channel leaves out from the defaults', () => {
    // Prepare
    const text = 'version: 1\nchannels:\n  slack:\n    minSeverity: CRITICAL\n';

    // Act
    const parsed = parseNotificationConfig(text, FILE);

    // Assess
    expect(parsed.ok && parsed.config.channels.slack).toEqual({
      ...DEFAULT_NOTIFICATION_CONFIG.channels.slack,
      minSeverity: 'CRITICAL',
    });
    expect(parsed.ok && parsed.config.channels.sns).toEqual(DEFAULT_NOTIFICATION_CONFIG.channels.sns);
  });

  it('keeps the configured fields in their order', () => {
    // Prepare
    const text = 'version: 1\nchannels:\n  sns:\n    fields: [principal, severity]\n';

    // Act
    const parsed = parseNotificationConfig(text, FILE);

    // Assess
    expect(parsed.ok && parsed.config.channels.sns.fields).toEqual(['principal', 'severity']);
  });

  it('points at an unknown severity with file line and column', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  slack:\n    minSeverity: SEVERE\n');

    // Assess
    expect(errors).toEqual([
      "4:18 channels.slack.minSeverity SchemaUnknownValue unknown minSeverity 'SEVERE'; expected one of: LOW, MEDIUM, HIGH, CRITICAL",
    ]);
  });

  it('points at a misspelt key with a suggestion', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  sns:\n    fieldz: [severity]\n');

    // Assess
    expect(errors).toEqual([
      "4:5 channels.sns.fieldz SchemaUnknownKey unknown key 'fieldz'; did you mean 'fields'?",
    ]);
  });

  it('rejects an unknown channel, naming the known ones', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  email: {}\n');

    // Assess
    expect(errors).toEqual([
      "3:3 channels.email SchemaUnknownKey unknown key 'email'; expected one of: sns, slack",
    ]);
  });

  it('rejects an unknown field and a repeated field', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  sns:\n    fields: [severity, severity, principle]\n');

    // Assess
    expect(errors).toEqual([
      expect.stringMatching(
        /^4:34 channels\.sns\.fields\[2\] SchemaUnknownValue unknown value 'principle'; expected one of: severity, /,
      ),
      expect.stringMatching(/^4:13 channels\.sns\.fields SchemaInvalidValue must NOT have duplicate items/),
    ]);
  });

  it('rejects an empty field list', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  sns:\n    fields: []\n');

    // Assess
    expect(errors).toEqual(['4:13 channels.sns.fields SchemaInvalidValue must not be an empty list']);
  });

  it('rejects an unknown remediation status', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  sns:\n    remediationStatuses: [SUCCEEDED]\n');

    // Assess
    expect(errors).toEqual([
      expect.stringMatching(
        /^4:27 channels\.sns\.remediationStatuses\[0\] SchemaUnknownValue unknown value 'SUCCEEDED'/,
      ),
    ]);
  });

  it('rejects a subject template naming an unknown field, with a suggestion', () => {
    // Act
    const errors = errorsOf(
      'version: 1\nchannels:\n  slack:\n    subject:\n      violation: "{sevrity} by {principal}"\n',
    );

    // Assess
    expect(errors).toEqual([
      '5:18 channels.slack.subject.violation NotificationTemplateUnknownField unknown field {sevrity} in the subject template; did you mean {severity}?',
    ]);
  });

  it('rejects a missing or wrong version', () => {
    // Act
    const missing = errorsOf('channels: {}\n');
    const wrong = errorsOf('version: 2\n');

    // Assess
    expect(missing).toEqual(["1:1  SchemaMissingKey missing required key 'version'"]);
    expect(wrong).toEqual(['1:10 version SchemaUnknownValue must be 1, found 2']);
  });

  it('reports YAML syntax errors with their position', () => {
    // Act
    const errors = errorsOf('version: 1\nchannels:\n  sns: {minSeverity: LOW\n');

    // Assess
    expect(errors).toEqual([expect.stringMatching(/^\d+:\d+ {2}NotificationConfigSyntax YAML: /)]);
  });

  it('rejects a document that is not a mapping', () => {
    // Act
    const errors = errorsOf('- version: 1\n');

    // Assess
    expect(errors).toEqual([expect.stringMatching(/^1:1 {2}SchemaWrongType must be/)]);
  });

  it('warns when an enabled channel hears of no remediation result', () => {
    // Prepare
    const text = 'version: 1\nchannels:\n  slack:\n    remediationStatuses: []\n';

    // Act
    const parsed = parseNotificationConfig(text, FILE);

    // Assess
    expect(parsed.ok).toBe(true);
    expect(parsed.warnings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        code: 'NotificationNoRemediationResults',
        location: { file: FILE, line: 4, column: 26, path: 'channels.slack.remediationStatuses' },
      }),
    ]);
  });
});

describe('loadNotificationConfig()', () => {
  it('returns the config of a valid file', () => {
    // Act
    const config = loadNotificationConfig('version: 1\n', FILE);

    // Assess
    expect(config).toEqual(DEFAULT_NOTIFICATION_CONFIG);
  });

  it('throws the first problem as an InputFileError whose message starts with file:line:col', () => {
    // Act
    const act = () =>
      loadNotificationConfig('version: 1\nchannels:\n  slack:\n    minSeverity: SEVERE\n    x: 1\n', FILE);

    // Assess
    expect(act).toThrow(InputFileError);
    expect(act).toThrow(
      /^config\/notification-config\.yaml:5:5 {2}channels\.slack\.x {2}unknown key 'x'.* \(and 1 more\)$/,
    );
    expect(act).toThrow(
      expect.objectContaining({
        kind: 'input',
        code: 'SchemaUnknownKey',
        location: expect.objectContaining({ line: 5 }),
      }),
    );
  });
});

describe('shouldNotify()', () => {
  const channel: ChannelConfig = {
    ...DEFAULT_NOTIFICATION_CONFIG.channels.slack,
    minSeverity: 'HIGH',
    remediationStatuses: ['FAILED'],
  };

  it.each([
    ['LOW', false],
    ['MEDIUM', false],
    ['HIGH', true],
    ['CRITICAL', true],
  ] as const)('sends a %s violation to a HIGH channel: %s', (severity, expected) => {
    // Act
    const sent = shouldNotify(channel, violationEventOf({ severity }));

    // Assess
    expect(sent).toBe(expected);
  });

  it('sends a remediation result only with a listed status and a high enough severity', () => {
    // Prepare
    const high = violationEventOf({ severity: 'HIGH' });
    const low = violationEventOf({ severity: 'LOW' });

    // Act
    const sent = [
      shouldNotify(channel, remediationEventOf(high, { status: 'FAILED', description: 'x' })),
      shouldNotify(channel, remediationEventOf(high, { status: 'SUCCESS', description: 'x' })),
      shouldNotify(channel, remediationEventOf(low, { status: 'FAILED', description: 'x' })),
    ];

    // Assess
    expect(sent).toEqual([true, false, false]);
  });

  it('sends nothing to a disabled channel', () => {
    // Act
    const sent = shouldNotify({ ...channel, enabled: false }, violationEventOf({ severity: 'CRITICAL' }));

    // Assess
    expect(sent).toBe(false);
  });
});
