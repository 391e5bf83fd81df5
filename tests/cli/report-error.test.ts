import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { reportError } from '../../src/cli/report-error.js';
import { AbortedError, AwsError, IamGuardError, InputFileError, UsageError } from '../../src/core/errors.js';

describe('reportError()', () => {
  it.each([
    [
      new UsageError('--rules and --pack cannot be combined'),
      2,
      'error[UsageInvalid]: --rules and --pack cannot be combined',
    ],
    [new InputFileError('not valid YAML', 'RuleFileInvalid'), 3, 'error[RuleFileInvalid]: not valid YAML'],
    [
      new AwsError('The security token included in the request is invalid', 'CredentialsInvalid'),
      4,
      'error[CredentialsInvalid]: The security token included in the request is invalid',
    ],
  ])('prints %s as one line and returns exit code %i', (error, code, line) => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const exitCode = reportError(error, io);

    // Assess
    expect(exitCode).toBe(code);
    expect(io.stderr).toBe(`${line}\n`);
    expect(io.stdout).toBe('');
  });

  it('puts the file:line:col and field path of a located input error before the message', () => {
    // Prepare
    const io = new RecordingIo();
    const error = new InputFileError('must be one of LOW, MEDIUM, HIGH, CRITICAL', 'RuleSchemaInvalid', {
      file: 'rules/rules.yaml',
      line: 12,
      column: 15,
      path: 'rules[0].severity',
    });

    // Act
    const exitCode = reportError(error, io);

    // Assess
    expect(exitCode).toBe(3);
    expect(io.stderr).toBe(
      'error[RuleSchemaInvalid]: rules/rules.yaml:12:15: rules[0].severity: must be one of LOW, MEDIUM, HIGH, CRITICAL\n',
    );
  });

  it('prints an abort softly, without "error", and returns 5', () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const exitCode = reportError(new AbortedError('Deployment cancelled.'), io);

    // Assess
    expect(exitCode).toBe(5);
    expect(io.stderr).toBe('Deployment cancelled.\n');
  });

  it('treats an unexpected error as a bug: exit 70 and a hint to report it', () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const exitCode = reportError(new TypeError("Cannot read properties of undefined (reading 'x')"), io);

    // Assess
    expect(exitCode).toBe(70);
    const lines = io.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe("error[Internal]: Cannot read properties of undefined (reading 'x')");
    expect(lines[1]).toMatch(/bug in iam-guard.*--debug/);
  });

  it('maps an IamGuardError of kind internal to 70 with its own code', () => {
    // Prepare
    const io = new RecordingIo();
    const error = new IamGuardError('catalogue missing', { code: 'CatalogueMissing', kind: 'internal' });

    // Act
    const exitCode = reportError(error, io);

    // Assess
    expect(exitCode).toBe(70);
    expect(io.stderr).toMatch(/^error\[CatalogueMissing\]: catalogue missing\n/);
  });

  it('keeps a multi-line message on one line', () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    reportError(new UsageError('first line\n  second line'), io);

    // Assess
    expect(io.stderr).toBe('error[UsageInvalid]: first line second line\n');
  });

  it('prints the stack and causes only under --debug', () => {
    // Prepare
    const quiet = new RecordingIo();
    const verbose = new RecordingIo();
    const error = new InputFileError(
      'cannot read rules.yaml',
      'FileUnreadable',
      { file: 'rules.yaml' },
      {
        cause: new Error('EACCES: permission denied'),
      },
    );

    // Act
    reportError(error, quiet);
    reportError(error, verbose, { debug: true });

    // Assess
    expect(quiet.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(verbose.stderr).toContain('at ');
    expect(verbose.stderr).toContain('Caused by: Error: EACCES: permission denied');
  });

  it('turns a commander parse error into a usage error line', () => {
    // Prepare
    const io = new RecordingIo();
    const error = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'");

    // Act
    const exitCode = reportError(error, io);

    // Assess
    expect(exitCode).toBe(2);
    expect(io.stderr).toBe("error[UsageInvalid]: unknown option '--bogus'\n");
  });

  it('returns 0 for --help and --version, which commander reports by throwing', () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const help = reportError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), io);
    const version = reportError(new CommanderError(0, 'commander.version', '0.1.0'), io);

    // Assess
    expect([help, version]).toEqual([0, 0]);
    expect(io.stderr).toBe('');
  });
});
