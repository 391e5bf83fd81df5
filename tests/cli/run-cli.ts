/**
 * Test support for the CLI: runs `main()` in-process on a temp folder with a RecordingIo, a fixed
 * clock and predictable ids, and builds small rule packs and CloudTrail files to run it on.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { RecordingIo } from '../../src/cli/io/recording-io.js';
import { main } from '../../src/cli/main.js';
import type { CloudTrailRecord } from '../../src/core/cloudtrail/types.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const NOW = new Date('2025-03-15T00:00:00.000Z');

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly io: RecordingIo;
}

export interface RunOptions {
  readonly cwd: string;
  /** Text piped to stdin (for `-`). @default '' */
  readonly stdin?: string;
  /** Pretend stdout is a terminal (default output becomes a table). @default false */
  readonly interactive?: boolean;
}

/** Runs `iam-guard <argv>` in-process. */
export async function runCli(argv: readonly string[], options: RunOptions): Promise<CliRun> {
  const io = new RecordingIo({ interactive: options.interactive ?? false });
  let id = 0;
  const code = await main([...argv], {
    io,
    cwd: options.cwd,
    stdin: Readable.from([options.stdin ?? '']),
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String(++id).padStart(12, '0')}`,
  });
  return { code, stdout: io.stdout, stderr: io.stderr, io };
}

/** A throw-away folder; `write` creates parent folders. */
export interface Workspace {
  readonly dir: string;
  write(path: string, content: string | Buffer): string;
  remove(): void;
}

export function createWorkspace(): Workspace {
  const dir = mkdtempSync(join(tmpdir(), 'iam-guard-cli-'));
  return {
    dir,
    write(path, content) {
      const file = join(dir, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A real console AttachUserPolicy record from examples/, cloned so tests can edit it. */
export function attachUserPolicy(overrides: Partial<CloudTrailRecord> = {}): CloudTrailRecord {
  const record = JSON.parse(
    readFileSync(join(REPO_ROOT, 'examples', 'iam', 'attach-user-policy-admin.json'), 'utf8'),
  ) as CloudTrailRecord;
  return { ...structuredClone(record), ...overrides };
}

export const ADMIN_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';
export const READ_ONLY_ARN = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
export const CALLER_ARN =
  'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_6a2c3f1b9d4e8a07/jane.doe@example.com';

/** The records the fixture rule pack's tests use. */
export const EVENTS = {
  admin: attachUserPolicy(),
  readOnly: attachUserPolicy({
    eventID: '11111111-2222-4333-8444-555555555555',
    requestParameters: { userName: 'marketing-analytics', policyArn: READ_ONLY_ARN },
  }),
  createUser: attachUserPolicy({
    eventName: 'CreateUser',
    eventID: '21111111-2222-4333-8444-555555555555',
    requestParameters: { userName: 'new-user' },
  }),
};

/**
 * A two-rule pack: TST-001 (HIGH, AdministratorAccess attached, deduplicated per user for 15m) and
 * TST-002 (LOW, a user created), each with a positive and a negative test.
 */
export const RULES_YAML = `version: 1
parameters:
  adminPolicyArns: ["${ADMIN_ARN}"]
rules:
  - id: TST-001
    name: AdminPolicyAttached
    description: AdministratorAccess was attached to a user
    severity: HIGH
    category: Policy
    action: alert
    runbook: Ask the caller whether the change was planned.
    reference: https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
    dedup: { key: "{{requestParameters.userName}}", window: 15m }
    match:
      eventSource: iam.amazonaws.com
      eventName: AttachUserPolicy
    where:
      field: requestParameters.policyArn
      anyOf: "\${adminPolicyArns}"
    tests:
      - name: AdministratorAccess attached
        event: events/admin.json
        expect: violation
      - event: events/read-only.json
        expect: none
  - id: TST-002
    name: UserCreated
    description: An IAM user was created
    severity: LOW
    category: Identity
    action: alert
    match:
      eventSource: iam.amazonaws.com
      eventName: CreateUser
    tests:
      - event: events/create-user.json
        expect: violation
      - event: events/read-only.json
        expect: none
`;

/** Writes the fixture pack and its events into the workspace. */
export function writeRulePack(workspace: Workspace, rulesYaml = RULES_YAML): string {
  workspace.write('events/admin.json', JSON.stringify(EVENTS.admin, null, 2));
  workspace.write('events/read-only.json', JSON.stringify(EVENTS.readOnly, null, 2));
  workspace.write('events/create-user.json', JSON.stringify(EVENTS.createUser, null, 2));
  return workspace.write('rules.yaml', rulesYaml);
}
