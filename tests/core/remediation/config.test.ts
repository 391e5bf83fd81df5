import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputFileError } from '../../../src/core/errors.js';
import {
  loadRemediatorConfig,
  parseRemediatorConfig,
  parseRemediatorConfigText,
} from '../../../src/core/remediation/config.js';

const MINIMAL = { version: 1, dryRun: false, allowedActions: ['detach_managed_policy'] };

describe('parseRemediatorConfig()', () => {
  it('accepts the shipped rules/remediator-config.json without warnings', () => {
    // Prepare
    const text = readFileSync(new URL('../../../rules/remediator-config.json', import.meta.url), 'utf8');

    // Act
    const parsed = parseRemediatorConfigText(text, 'rules/remediator-config.json');

    // Assess
    expect(parsed.ok).toBe(true);
    expect(parsed.warnings).toEqual([]);
    if (parsed.ok) expect(parsed.config.dryRun).toBe(true);
  });

  it('fills defaults for the optional fields', () => {
    // Prepare
    const data = MINIMAL;

    // Act
    const parsed = parseRemediatorConfig(data);

    // Assess
    expect(parsed).toEqual({
      ok: true,
      warnings: [],
      config: {
        dryRun: false,
        allowedActions: ['detach_managed_policy'],
        excludedPrincipals: [],
        excludedPolicies: [],
        protectedRoles: [],
        maxActionsPerPrincipalPerHour: 10,
        stackRolePrefix: 'iam-guard-',
      },
    });
  });

  it('reports every problem with its path', () => {
    // Prepare
    const data = {
      version: 2,
      allowedActions: ['detach_managed_policy', 'drop_everything'],
      excludedPrincipals: [''],
      maxActionsPerPrincipalPerHour: -1,
      colour: 'blue',
    };

    // Act
    const parsed = parseRemediatorConfig(data, 'cfg.json');

    // Assess
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok
      ? []
      : parsed.errors.map((error) => `${error.location.path}: ${error.message}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'dryRun: required field is missing',
        'colour: unknown field',
        'version: must be 1',
        expect.stringMatching(/^allowedActions\[1\]: must be one of: detach_managed_policy, /),
        'excludedPrincipals[0]: must NOT have fewer than 1 characters',
        'maxActionsPerPrincipalPerHour: must be >= 0',
      ]),
    );
    expect(parsed.ok ? [] : parsed.errors.map((error) => error.location.file)).toContain('cfg.json');
  });

  it('rejects a document that is not an object', () => {
    // Prepare
    const data = ['detach_managed_policy'];

    // Act
    const parsed = parseRemediatorConfig(data);

    // Assess
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? undefined : parsed.errors[0]?.message).toBe('must be object');
  });

  it('rejects duplicate actions and a stack prefix IAM could not use', () => {
    // Prepare
    const data = {
      ...MINIMAL,
      allowedActions: ['detach_managed_policy', 'detach_managed_policy'],
      stackRolePrefix: 'a b',
    };

    // Act
    const parsed = parseRemediatorConfig(data);

    // Assess
    const paths = parsed.ok ? [] : parsed.errors.map((error) => error.location.path);
    expect(paths).toEqual(['allowedActions', 'stackRolePrefix']);
  });

  it('warns about settings that stop every remediation', () => {
    // Prepare
    const data = {
      ...MINIMAL,
      allowedActions: [],
      excludedPolicies: ['*'],
      maxActionsPerPrincipalPerHour: 0,
    };

    // Act
    const parsed = parseRemediatorConfig(data);

    // Assess
    expect(parsed.ok).toBe(true);
    expect(parsed.warnings.map((warning) => warning.location.path)).toEqual([
      'excludedPolicies[0]',
      'allowedActions',
      'maxActionsPerPrincipalPerHour',
    ]);
  });
});

describe('parseRemediatorConfigText()', () => {
  it('reports text that is not JSON at its line and column', () => {
    // Prepare
    const text = '{\n  "version": 1\n  "dryRun": true\n}';

    // Act
    const parsed = parseRemediatorConfigText(text, 'cfg.json');

    // Assess
    expect(parsed.ok).toBe(false);
    const error = parsed.ok ? undefined : parsed.errors[0];
    expect(error?.code).toBe('RemediatorConfigNotJson');
    expect(error?.location).toEqual({ file: 'cfg.json', line: 3, column: 3 });
  });
});

describe('loadRemediatorConfig()', () => {
  it('returns the config of a valid file', () => {
    // Prepare
    const text = JSON.stringify(MINIMAL);

    // Act
    const config = loadRemediatorConfig(text);

    // Assess
    expect(config.allowedActions).toEqual(['detach_managed_policy']);
  });

  it('throws an input error located at the first problem', () => {
    // Prepare
    const text = JSON.stringify({ ...MINIMAL, dryRun: 'yes' });

    // Act
    const load = () => loadRemediatorConfig(text, 'cfg.json');

    // Assess
    expect(load).toThrow(InputFileError);
    expect(load).toThrow('cfg.json: dryRun: must be boolean');
  });
});
