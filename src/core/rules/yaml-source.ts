/**
 * A YAML rule file parsed with positions kept for every node (`yaml` parseDocument + LineCounter), so
 * every later phase (schema, semantic checks) can point at `file:line:column` with the field path.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { SourceLocation } from '../errors.js';
import type { Diagnostic } from './types.js';

/** A path into the parsed data: keys and list indexes. */
export type DataPath = readonly (string | number)[];

/** A parsed YAML file that can say where any of its nodes is. */
export interface YamlSource {
  readonly file: string;
  /** The plain data (undefined when the file could not be parsed). */
  readonly data: unknown;
  /** YAML syntax errors (duplicate keys, bad indentation, unresolved aliases…). */
  readonly diagnostics: readonly Diagnostic[];
  /**
   * Where a path is in the file. With `key: true`, the position of the key itself (for "unknown
   * key" errors). A path that does not exist points at its nearest existing ancestor.
   */
  locate(path: DataPath, options?: { readonly key?: boolean }): SourceLocation;
}

/** Bounds YAML alias expansion (billion-laughs files). */
const MAX_ALIAS_COUNT = 100;

/**
 * Parses one file.
 *
 * @example
 * const source = parseYamlSource('rules/rules.yaml', text);
 * source.locate(['rules', 0, 'severity']); // { file: 'rules/rules.yaml', line: 7, column: 15, path: 'rules[0].severity' }
 */
export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number, path = ''): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col, path };
  };
  for (const error of document.errors) {
    diagnostics.push({
      severity: 'error',
      code: 'RuleFileSyntax',
      message: `YAML: ${firstLine(error.message)}`,
      location: at(error.pos[0]),
    });
  }

  let data: unknown;
  if (diagnostics.length === 0) {
    try {
      data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      diagnostics.push({
        severity: 'error',
        code: 'RuleFileSyntax',
        message: `YAML: ${firstLine(error instanceof Error ? error.message : String(error))}`,
        location: at(0),
      });
    }
  }

  const locate = (path: DataPath, options: { readonly key?: boolean } = {}): SourceLocation => {
    let node: unknown = document.contents;
    let offset = nodeStart(node) ?? 0;
    for (let i = 0; i < path.length; i += 1) {
      const segment = path[i];
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && item.key.value === segment,
        );
        if (pair === undefined) break;
        const keyStart = nodeStart(pair.key);
        if (last && options.key && keyStart !== undefined) {
          offset = keyStart;
          break;
        }
        node = pair.value;
        offset = nodeStart(node) ?? keyStart ?? offset;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item: unknown = node.items[segment];
        if (item === undefined) break;
        node = item;
        offset = nodeStart(node) ?? offset;
      } else {
        break;
      }
    }
    return at(offset, formatPath(path));
  };

  return { file, data, diagnostics, locate };
}

/**
 * Formats a data path the way users read it: `rules[3].where.all[0].field`.
 *
 * @example
 * formatPath(['rules', 3, 'severity']); // 'rules[3].severity'
 */
export function formatPath(path: DataPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

function nodeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as Node).range;
  return Array.isArray(range) ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
