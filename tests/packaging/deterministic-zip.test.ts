import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IamGuardError } from '../../src/core/errors.js';
import { type ZipEntry, zipEntries, zipFolder } from '../../src/packaging/deterministic-zip.js';
import { readZip } from './read-zip.js';

/** 1980-01-01 00:00:00 as DOS date and time: year offset 0, month 1, day 1; 00:00:00. */
const DOS_1980_01_01 = { date: (0 << 9) | (1 << 5) | 1, time: 0 };

const folders: string[] = [];

function bundleFolder(files: Readonly<Record<string, string>>, mtime?: Date): string {
  const folder = mkdtempSync(join(tmpdir(), 'iam-guard-zip-'));
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) {
    const path = join(folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    if (mtime) utimesSync(path, mtime, mtime);
  }
  return folder;
}

afterEach(() => {
  vi.useRealTimers();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const HANDLER: ZipEntry = { name: 'index.mjs', content: 'export const handler = async () => 1;\n' };
const MAP: ZipEntry = { name: 'index.mjs.map', content: '{"version":3,"mappings":""}' };
const CHUNK: ZipEntry = { name: 'chunk-ABC.mjs', content: 'export const x = 1;\n' };

describe('zipEntries()', () => {
  it('gives the same bytes and hash for the same files in any order, at any time', async () => {
    // Prepare
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2024-01-01T10:00:00Z'));
    const first = await zipEntries([HANDLER, MAP, CHUNK]);
    vi.setSystemTime(new Date('2031-07-15T23:59:58Z')); // a zip with the clock in it would differ now

    // Act
    const second = await zipEntries([MAP, CHUNK, HANDLER]);

    // Assess
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives another hash when one byte of code changes', async () => {
    // Prepare
    const before = await zipEntries([HANDLER, MAP]);

    // Act
    const after = await zipEntries([{ ...HANDLER, content: 'export const handler = async () => 2;\n' }, MAP]);

    // Assess
    expect(after.sha256).not.toBe(before.sha256);
  });

  it('stores entries sorted by name, dated 1980-01-01, mode 0644, Unix, with no extra fields', async () => {
    // Act
    const { bytes } = await zipEntries([MAP, HANDLER, CHUNK, { name: 'lib/a.mjs', content: 'a' }]);

    // Assess
    const entries = readZip(bytes);
    expect(entries.map((entry) => entry.name)).toEqual([
      'chunk-ABC.mjs',
      'index.mjs',
      'index.mjs.map',
      'lib/a.mjs',
    ]);
    for (const entry of entries) {
      expect({ date: entry.dosDate, time: entry.dosTime }).toEqual(DOS_1980_01_01);
      expect(entry.unixMode).toBe(0o100644);
      expect(entry.madeByPlatform).toBe(3);
      expect(entry.extraLength).toBe(0);
    }
  });

  it('keeps every file byte for byte', async () => {
    // Prepare
    const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13]);

    // Act
    const { bytes } = await zipEntries([HANDLER, { name: 'data.bin', content: binary }]);

    // Assess
    const entries = readZip(bytes);
    expect(entries.find((entry) => entry.name === 'index.mjs')?.content.toString('utf8')).toBe(
      HANDLER.content,
    );
    expect(entries.find((entry) => entry.name === 'data.bin')?.content.equals(binary)).toBe(true);
  });

  it.each([
    ['an empty name', ''],
    ['an absolute path', '/index.mjs'],
    ['a parent folder', '../index.mjs'],
    ['a current-folder segment', './index.mjs'],
    ['an empty segment', 'lib//a.mjs'],
    ['a backslash', 'lib\\a.mjs'],
  ])('refuses %s as an entry name', async (_, name) => {
    // Act
    const zipping = zipEntries([{ name, content: 'x' }]);

    // Assess
    await expect(zipping).rejects.toMatchObject({ code: 'ZipEntryNameInvalid' });
  });

  it('refuses the same name twice', async () => {
    // Act
    const zipping = zipEntries([HANDLER, { ...HANDLER, content: 'other' }]);

    // Assess
    await expect(zipping).rejects.toMatchObject({ code: 'ZipEntryDuplicate' });
  });
});

describe('zipFolder()', () => {
  it('zips the same files identically whatever their folder and modification times', async () => {
    // Prepare
    const files = { 'index.mjs': 'export const handler = 1;', 'chunk-X.mjs': 'x', 'nested/deep.mjs': 'd' };
    const old = bundleFolder(files, new Date('2001-02-03T04:05:06Z'));
    const recent = bundleFolder(files, new Date('2024-06-07T08:09:10Z'));

    // Act
    const [a, b] = await Promise.all([zipFolder(old), zipFolder(recent)]);

    // Assess
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(readZip(a.bytes).map((entry) => entry.name)).toEqual([
      'chunk-X.mjs',
      'index.mjs',
      'nested/deep.mjs',
    ]);
  });

  it('refuses a symbolic link in the bundle', async () => {
    // Prepare
    const folder = bundleFolder({ 'index.mjs': 'export const handler = 1;' });
    symlinkSync(join(folder, 'index.mjs'), join(folder, 'link.mjs'));

    // Act
    const zipping = zipFolder(folder);

    // Assess
    await expect(zipping).rejects.toBeInstanceOf(IamGuardError);
    await expect(zipping).rejects.toMatchObject({ code: 'BundleFileInvalid' });
  });

  it('fails on a folder that does not exist', async () => {
    // Act
    const zipping = zipFolder(join(tmpdir(), 'iam-guard-no-such-bundle'));

    // Assess
    await expect(zipping).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
