import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../src/adapters/aws/artifact-store.js';
import { createZipFolderArtifacts } from '../../src/cli/commands/deploy/artifacts.js';
import { loadConfigFile } from '../../src/cli/commands/deploy/config-file.js';
import { createTerminalConfirm } from '../../src/cli/commands/deploy/confirm.js';
import { readRulePack } from '../../src/cli/commands/deploy/rule-pack.js';
import { listenForInterrupt } from '../../src/cli/interrupt.js';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { DEFAULT_EVENT_SOURCES } from '../../src/cloudformation/context.js';
import { RULES_YAML } from './run-cli.js';

const REPO_ROOT = join(import.meta.dirname, '..', '..');
const NOW = () => new Date('2025-03-15T00:00:00Z');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'iam-guard-inputs-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe('readRulePack()', () => {
  it('reads and validates the shipped pack, deriving the event sources from its rules', async () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const pack = await readRulePack({ cwd: REPO_ROOT, io, now: NOW }, join(REPO_ROOT, 'rules'));

    // Assess
    expect(pack.dir).toBe('rules');
    expect(pack.objects.map((file) => file.key)).toContain('config/rules.yaml');
    expect(pack.objects.find((file) => file.object === 'rules')?.body).toBe(
      readFileSync(join(REPO_ROOT, 'rules', 'rules.yaml'), 'utf8'),
    );
    expect(pack.eventSources).toEqual(expect.arrayContaining([...DEFAULT_EVENT_SOURCES]));
  });

  it('adds the event sources the rules name to the defaults, ignoring "*"', async () => {
    // Prepare
    write(
      'pack/rules.yaml',
      RULES_YAML.replace(
        'eventSource: iam.amazonaws.com\n      eventName: CreateUser',
        'eventSource: [kms.amazonaws.com, "*"]\n      eventName: CreateUser',
      ),
    );

    // Act
    const pack = await readRulePack({ cwd: dir, io: new RecordingIo(), now: NOW }, join(dir, 'pack'));

    // Assess
    expect(pack.eventSources).toContain('kms.amazonaws.com');
    expect(pack.eventSources).not.toContain('*');
    expect(pack.missing).toEqual([
      'pack/suppress.yaml',
      'pack/notification-config.yaml',
      'pack/remediator-config.json',
    ]);
  });

  it('refuses a folder without rules.yaml', async () => {
    // Act
    const attempt = readRulePack({ cwd: dir, io: new RecordingIo(), now: NOW }, join(dir, 'empty'));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'FileNotFound',
      location: { file: 'empty/rules.yaml' },
    });
  });

  it('refuses an invalid remediator config, naming the file', async () => {
    // Prepare
    write('pack/rules.yaml', RULES_YAML);
    write('pack/remediator-config.json', '{ "version": 1, "dryRun": "yes" }');

    // Act
    const attempt = readRulePack({ cwd: dir, io: new RecordingIo(), now: NOW }, join(dir, 'pack'));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      kind: 'input',
      message: expect.stringContaining('pack/remediator-config.json'),
    });
  });

  it('refuses a notification config that is not YAML, with its line', async () => {
    // Prepare
    write('pack/rules.yaml', RULES_YAML);
    write('pack/notification-config.yaml', 'version: 1\nchannels: [unclosed\n');

    // Act
    const attempt = readRulePack({ cwd: dir, io: new RecordingIo(), now: NOW }, join(dir, 'pack'));

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'NotificationConfigInvalid',
      location: { file: 'pack/notification-config.yaml', line: expect.any(Number) },
    });
  });
});

describe('loadConfigFile()', () => {
  it('uses the defaults, and says so, when there is no config file', async () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const loaded = await loadConfigFile({ cwd: dir, io }, undefined);

    // Assess
    expect(loaded.file).toBeUndefined();
    expect(loaded.config.namePrefix).toBe('iam-guard');
    expect(io.stderr).toContain('No iam-guard.config.yaml here: using the default configuration');
  });

  it('prints every error of an invalid file and fails located at the first', async () => {
    // Prepare
    write('iam-guard.config.yaml', 'version: 1\nnamePrefix: X\nremediation: { dryrun: true }\n');
    const io = new RecordingIo();

    // Act
    const attempt = loadConfigFile({ cwd: dir, io }, undefined);

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'ConfigInvalid',
      kind: 'input',
      location: { file: 'iam-guard.config.yaml', line: 2 },
    });
    expect(io.stderr).toMatch(/iam-guard\.config\.yaml:2:\d+ {2}namePrefix {2}error: /);
    expect(io.stderr).toMatch(
      /iam-guard\.config\.yaml:3:\d+ {2}remediation\.dryrun {2}error: unknown field "dryrun"/,
    );
  });

  it('refuses a config file that was named but does not exist', async () => {
    // Act
    const attempt = loadConfigFile({ cwd: dir, io: new RecordingIo() }, 'missing.yaml');

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'FileNotFound', location: { file: 'missing.yaml' } });
  });
});

describe('createTerminalConfirm()', () => {
  it('refuses to ask when stdin is not a terminal, pointing at --yes', async () => {
    // Prepare
    const confirm = createTerminalConfirm({ input: new PassThrough(), output: new PassThrough() });

    // Act
    const attempt = confirm('Deploy?');

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'ConfirmationUnavailable', kind: 'usage' });
    await expect(attempt).rejects.toThrow(/--yes/);
  });

  it.each([
    ['y\n', true],
    ['YES\n', true],
    ['\n', false],
    ['no\n', false],
  ])('reads %j from a terminal as %s', async (typed, expected) => {
    // Prepare
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const output = new PassThrough();
    const confirm = createTerminalConfirm({ input, output });

    // Act
    const answer = confirm('Deploy?');
    input.write(typed);

    // Assess
    expect(await answer).toBe(expected);
  });
});

describe('listenForInterrupt()', () => {
  it('aborts on the first SIGINT and stops listening when disposed', () => {
    // Prepare
    const process = new EventEmitter();
    const interrupt = listenForInterrupt(process);

    // Act
    process.emit('SIGINT');
    const afterFirst = process.listenerCount('SIGINT');
    interrupt.dispose();

    // Assess
    expect(interrupt.signal.aborted).toBe(true);
    expect(afterFirst).toBe(0);
  });
});

describe('createZipFolderArtifacts()', () => {
  it('lists the <function>.zip files of a folder with their SHA-256, ignoring other files', async () => {
    // Prepare
    write('dist/detector.zip', 'detector bytes');
    write('dist/remediator.zip', 'remediator bytes');
    write('dist/notes.zip', 'not a function');

    // Act
    const artifacts = await createZipFolderArtifacts(join(dir, 'dist')).list();

    // Assess
    expect(artifacts).toEqual([
      { name: 'detector', zipPath: join(dir, 'dist', 'detector.zip'), sha256: sha256Hex('detector bytes') },
      {
        name: 'remediator',
        zipPath: join(dir, 'dist', 'remediator.zip'),
        sha256: sha256Hex('remediator bytes'),
      },
    ]);
  });

  it('lists nothing when the folder does not exist', async () => {
    // Act
    const artifacts = await createZipFolderArtifacts(join(dir, 'nowhere')).list();

    // Assess
    expect(artifacts).toEqual([]);
  });
});
