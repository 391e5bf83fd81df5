/**
 * The layering and house-style promises of DESIGN.md and STYLE.md, checked over every source file:
 * core stays pure, dependencies point inward, AWS clients are built in one place (one factory per
 * service, which Lambda functions import one by one so their bundles carry only the clients they use),
 * exports are named.
 * Each rule is first shown to catch a bad snippet, so a pass over src/ means something.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

/** Node modules that do I/O or reach the process; core must get these through ports instead. */
const NODE_IO_MODULES =
  /^(node:)?(fs|fs\/promises|child_process|net|http|https|http2|dgram|dns|tls|worker_threads|cluster|readline|os|process)$/;
/** The one folder where SDK clients are constructed: `clients/<service>.ts`, one factory each. */
const CLIENTS_DIR = 'src/adapters/aws/clients/';
/** Every client behind one object, for the CLI; a Lambda importing it would bundle all eleven SDK clients. */
const ALL_CLIENTS_MODULE = 'src/adapters/aws/clients.ts';

interface Finding {
  readonly file: string;
  readonly line: number;
  readonly rule: string;
}

/** The layer a repo-relative path belongs to: `core`, `adapters`, `cli`, `lambdas`, `cloudformation`… */
function layerOf(repoPath: string): string | undefined {
  const match = /^src\/([^/]+)\//.exec(repoPath);
  return match?.[1];
}

/** Layers each layer must not import from (dependencies point inward: cli/lambdas → adapters → core). */
const FORBIDDEN_LAYERS: Readonly<Record<string, readonly string[]>> = {
  core: ['adapters', 'cli', 'lambdas', 'cloudformation'],
  adapters: ['cli', 'lambdas'],
};

/** Checks one file's text; `file` is repo-relative with forward slashes. */
function check(file: string, text: string): Finding[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const layer = layerOf(file);
  const inCore = layer === 'core';
  const report = (node: ts.Node, rule: string) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ file, line: line + 1, rule });
  };
  const checkSpecifier = (node: ts.Node, specifier: string) => {
    if (inCore && specifier.startsWith('@aws-sdk/')) report(node, `core imports ${specifier}`);
    if (inCore && NODE_IO_MODULES.test(specifier)) report(node, `core imports ${specifier}`);
    if (!specifier.startsWith('.') || layer === undefined) return;
    const target = relative(ROOT, resolve(ROOT, dirname(file), specifier))
      .split(sep)
      .join('/');
    const targetLayer = layerOf(target);
    if (targetLayer && FORBIDDEN_LAYERS[layer]?.includes(targetLayer)) {
      report(node, `${layer} imports from ${targetLayer} (${specifier})`);
    }
    if (layer === 'lambdas' && target === ALL_CLIENTS_MODULE.replace(/\.ts$/, '.js') && !isTypeOnly(node)) {
      report(
        node,
        `lambdas imports ${ALL_CLIENTS_MODULE} for more than types (use ${CLIENTS_DIR}<service>.js)`,
      );
    }
  };

  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      checkSpecifier(node, node.moduleSpecifier.text);
    }
    if (ts.isExportDeclaration(node)) {
      if (node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        checkSpecifier(node, node.moduleSpecifier.text);
      }
      if (!node.exportClause) report(node, 'export *');
      else if (ts.isNamespaceExport(node.exportClause)) report(node, 'export * as');
      else if (node.exportClause.elements.some((e) => e.name.text === 'default'))
        report(node, 'default export');
    }
    if (ts.isExportAssignment(node)) report(node, 'default export');
    if (
      (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) &&
      node.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)
    ) {
      report(node, 'default export');
    }
    if (ts.isCallExpression(node)) {
      const [argument] = node.arguments;
      if (node.expression.kind === ts.SyntaxKind.ImportKeyword && argument && ts.isStringLiteral(argument)) {
        checkSpecifier(node, argument.text);
      }
      const callee = node.expression.getText(source);
      if (inCore && (callee === 'Date.now' || callee === 'Math.random'))
        report(node, `core calls ${callee}()`);
    }
    if (ts.isPropertyAccessExpression(node) && inCore) {
      const text = node.getText(source);
      if (text === 'process.env') report(node, 'core reads process.env');
      if (ts.isIdentifier(node.expression) && node.expression.text === 'console')
        report(node, `core uses ${text}`);
    }
    if (ts.isNewExpression(node) && !isClientFactory(file)) {
      const name = node.expression.getText(source);
      if (/^[A-Z]\w*Client$/.test(name)) report(node, `new ${name}( outside ${CLIENTS_DIR}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}

/** A file of {@link CLIENTS_DIR}, directly in it. */
function isClientFactory(file: string): boolean {
  return file.startsWith(CLIENTS_DIR) && !file.slice(CLIENTS_DIR.length).includes('/');
}

/** `import type { … }`, or an import whose every named binding is `type` (erased from the bundle). */
function isTypeOnly(node: ts.Node): boolean {
  if (!ts.isImportDeclaration(node)) return false;
  const clause = node.importClause;
  if (clause === undefined) return false;
  if (clause.isTypeOnly) return true;
  const bindings = clause.namedBindings;
  return (
    clause.name === undefined &&
    bindings !== undefined &&
    ts.isNamedImports(bindings) &&
    bindings.elements.length > 0 &&
    bindings.elements.every((element) => element.isTypeOnly)
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('architecture rules', () => {
  it.each([
    ['src/core/a.ts', "import { x } from '../adapters/local/store.js';", 'core imports from adapters'],
    ['src/core/rules/a.ts', "import { x } from '../../cli/io/io.js';", 'core imports from cli'],
    [
      'src/core/a.ts',
      "export { handler } from '../lambdas/detector/handler.js';",
      'core imports from lambdas',
    ],
    ['src/core/a.ts', "const m = await import('../adapters/aws/iam.js');", 'core imports from adapters'],
    ['src/adapters/local/a.ts', "import { main } from '../../cli/main.js';", 'adapters imports from cli'],
    ['src/core/a.ts', "import { IAMClient } from '@aws-sdk/client-iam';", 'core imports @aws-sdk/client-iam'],
    ['src/core/a.ts', "import { readFile } from 'node:fs/promises';", 'core imports node:fs/promises'],
    ['src/core/a.ts', "import fs from 'fs';", 'core imports fs'],
    ['src/core/a.ts', 'const region = process.env.AWS_REGION;', 'core reads process.env'],
    ['src/core/a.ts', 'console.log("hi");', 'core uses console.log'],
    ['src/core/a.ts', 'const t = Date.now();', 'core calls Date.now()'],
    ['src/core/a.ts', 'const r = Math.random();', 'core calls Math.random()'],
    ['src/cli/a.ts', 'const c = new IAMClient({});', 'new IAMClient( outside src/adapters/aws/clients/'],
    [
      'src/adapters/aws/clients.ts',
      'const c = new IAMClient({});',
      'new IAMClient( outside src/adapters/aws/clients/',
    ],
    [
      'src/adapters/aws/clients/nested/iam.ts',
      'const c = new IAMClient({});',
      'new IAMClient( outside src/adapters/aws/clients/',
    ],
    [
      'src/lambdas/detector/deps.ts',
      "import { createAwsClients } from '../../adapters/aws/clients.js';",
      'lambdas imports src/adapters/aws/clients.ts for more than types',
    ],
    [
      'src/lambdas/detector/deps.ts',
      "const { createAwsClients } = await import('../../adapters/aws/clients.js');",
      'lambdas imports src/adapters/aws/clients.ts for more than types',
    ],
    ['src/cli/a.ts', 'export default function f() {}', 'default export'],
    ['src/cli/a.ts', 'const f = 1; export default f;', 'default export'],
    ['src/cli/a.ts', 'const f = 1; export { f as default };', 'default export'],
    ['src/cli/a.ts', "export * from './b.js';", 'export *'],
    ['src/cli/a.ts', "export * as b from './b.js';", 'export * as'],
  ])('flags %s containing `%s`', (file, text, rule) => {
    // Act
    const findings = check(file, text);

    // Assess
    expect(findings.map((f) => f.rule)).toEqual(expect.arrayContaining([expect.stringContaining(rule)]));
  });

  it.each([
    ['src/core/a.ts', "import type { Io } from './io.js'; // Date.now() is passed in"],
    ['src/core/a.ts', "import { createHash } from 'node:crypto';"],
    [
      'src/cli/a.ts',
      "import { readFile } from 'node:fs/promises'; console.log(process.env.HOME, Date.now());",
    ],
    ['src/adapters/aws/clients/iam.ts', 'export const iam = new IAMClient({});'],
    ['src/lambdas/detector/deps.ts', "import type { AwsClients } from '../../adapters/aws/clients.js';"],
    ['src/lambdas/detector/deps.ts', "import { type AwsClients } from '../../adapters/aws/clients.js';"],
    ['src/lambdas/detector/deps.ts', "import { createS3Client } from '../../adapters/aws/clients/s3.js';"],
    ['src/cli/commands/a.ts', "import { createAwsClients } from '../../adapters/aws/clients.js';"],
  ])('allows %s containing `%s`', (file, text) => {
    // Act
    const findings = check(file, text);

    // Assess
    expect(findings).toEqual([]);
  });

  it('holds for every file under src/', () => {
    // Prepare
    const files = sourceFiles(SRC);

    // Act
    const findings = files.flatMap((path) =>
      check(relative(ROOT, path).split(sep).join('/'), readFileSync(path, 'utf8')),
    );

    // Assess
    expect(files.length).toBeGreaterThan(0);
    expect(findings.map((f) => `${f.file}:${f.line}  ${f.rule}`)).toEqual([]);
  });
});
