import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLambdaArtifacts, createZipFolderArtifacts } from '../../src/cli/commands/deploy/artifacts.js';
import { zipFolder } from '../../src/packaging/deterministic-zip.js';

const folders: string[] = [];
const OLD = new Date('2020-01-01T00:00:00Z');
const NEW = new Date('2024-01-01T00:00:00Z');

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
}

function writeBundle(dir: string, name: string, code: string, mtime: Date): void {
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(join(dir, name, 'index.mjs'), code);
  utimesSync(join(dir, name, 'index.mjs'), mtime, mtime);
}

function writeZip(dir: string, name: string, bytes: string, mtime: Date): string {
  const path = join(dir, `${name}.zip`);
  writeFileSync(path, bytes);
  utimesSync(path, mtime, mtime);
  return path;
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe('createLambdaArtifacts()', () => {
  it('lists the prebuilt zips, hashed, in FUNCTION_NAMES order, as the published package has them', async () => {
    // Prepare
    const dir = tempDir('iam-guard-artifacts-');
    writeZip(dir, 'remediator', 'zip of the remediator', NEW);
    writeZip(dir, 'detector', 'zip of the detector', NEW);
    writeZip(dir, 'not-a-function', 'ignored', NEW);

    // Act
    const listed = await createLambdaArtifacts(dir).list();

    // Assess
    expect(listed).toEqual([
      { name: 'detector', zipPath: join(dir, 'detector.zip'), sha256: sha256('zip of the detector') },
      { name: 'remediator', zipPath: join(dir, 'remediator.zip'), sha256: sha256('zip of the remediator') },
    ]);
  });

  it('keeps a zip that is at least as new as its bundle folder', async () => {
    // Prepare
    const dir = tempDir('iam-guard-artifacts-');
    writeBundle(dir, 'detector', 'export const handler = 1;', OLD);
    const zipPath = writeZip(dir, 'detector', 'built zip', NEW);

    // Act
    const [detector] = await createLambdaArtifacts(dir).list();

    // Assess
    expect(detector).toEqual({ name: 'detector', zipPath, sha256: sha256('built zip') });
  });

  it('zips a bundle folder that is newer than its zip into the scratch folder, not the package', async () => {
    // Prepare
    const dir = tempDir('iam-guard-artifacts-');
    const scratchDir = join(tempDir('iam-guard-scratch-'), 'bundles');
    writeBundle(dir, 'detector', 'export const handler = 2;', NEW);
    writeZip(dir, 'detector', 'stale zip', OLD);
    const expected = await zipFolder(join(dir, 'detector'));

    // Act
    const [detector] = await createLambdaArtifacts(dir, { scratchDir }).list();

    // Assess
    expect(detector).toEqual({
      name: 'detector',
      zipPath: join(scratchDir, 'detector.zip'),
      sha256: expected.sha256,
    });
    expect(readFileSync(join(scratchDir, 'detector.zip')).equals(expected.bytes)).toBe(true);
    expect(readFileSync(join(dir, 'detector.zip'), 'utf8')).toBe('stale zip');
  });

  it('zips a bundle folder without a zip, to the same hash every time', async () => {
    // Prepare
    const dir = tempDir('iam-guard-artifacts-');
    writeBundle(dir, 'audit-logger', 'export const handler = 3;', NEW);

    // Act
    const first = await createLambdaArtifacts(dir).list();
    const second = await createLambdaArtifacts(dir).list();

    // Assess
    expect(first.map((bundle) => bundle.name)).toEqual(['audit-logger']);
    expect(second[0]?.sha256).toBe(first[0]?.sha256);
    expect(existsSync(join(dir, 'audit-logger.zip'))).toBe(false);
  });

  it('lists nothing when the folder does not exist', async () => {
    // Act
    const listed = await createLambdaArtifacts(join(tmpdir(), 'iam-guard-no-such-dist')).list();

    // Assess
    expect(listed).toEqual([]);
  });

  it('fails naming a bundle folder without index.mjs', async () => {
    // Prepare
    const dir = tempDir('iam-guard-artifacts-');
    mkdirSync(join(dir, 'detector'));
    writeFileSync(join(dir, 'detector', 'chunk-A.mjs'), 'x');

    // Act
    const listing = createLambdaArtifacts(dir).list();

    // Assess
    await expect(listing).rejects.toMatchObject({
      code: 'BundleInvalid',
      kind: 'input',
      location: { file: join(dir, 'detector') },
    });
  });
});

describe('createZipFolderArtifacts()', () => {
  it('lists the same bundles as createLambdaArtifacts', async () => {
    // Prepare
    const dir = tempDir('iam-guard-artifacts-');
    writeZip(dir, 'detector', 'zip', NEW);

    // Act
    const listed = await createZipFolderArtifacts(dir).list();

    // Assess
    expect(listed).toEqual(await createLambdaArtifacts(dir).list());
  });
});
