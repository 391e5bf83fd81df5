/**
 * The rule pack `template` and `deploy` work from: rules.yaml (which event sources the detector must
 * receive), suppress.yaml, notification-config.yaml and remediator-config.json. Deploy validates every
 * file before uploading it, so a typo never reaches the running detector.
 */
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_EVENT_SOURCES } from '../../../cloudformation/context.js';
import { CONFIG_OBJECT_KEYS, type ConfigObject } from '../../../cloudformation/storage-layout.js';
import { InputFileError } from '../../../core/errors.js';
import { loadRemediatorConfig } from '../../../core/remediation/config.js';
import { ANY_EVENT, listOf } from '../../../core/rules/compile-rule.js';
import { formatDiagnostic, loadRuleset } from '../../../core/rules/load.js';
import type { Ruleset } from '../../../core/rules/types.js';
import type { Io } from '../../io/io.js';
import { readTextIfPresent, resolveFrom, shownFrom } from './paths.js';

/** The file of each configuration object in a rules folder, and whether a deploy needs it. */
export const CONFIG_OBJECT_FILES: Readonly<
  Record<ConfigObject, { readonly file: string; readonly contentType: string; readonly required: boolean }>
> = {
  rules: { file: 'rules.yaml', contentType: 'application/yaml', required: true },
  suppress: { file: 'suppress.yaml', contentType: 'application/yaml', required: false },
  notification: { file: 'notification-config.yaml', contentType: 'application/yaml', required: false },
  remediator: { file: 'remediator-config.json', contentType: 'application/json', required: false },
};

/** One configuration object ready to upload to its fixed key in the rules bucket. */
export interface ConfigObjectFile {
  readonly object: ConfigObject;
  readonly key: string;
  /** As shown to the user. */
  readonly path: string;
  readonly body: string;
  readonly contentType: string;
}

/** A loaded rule pack. */
export interface RulePack {
  /** The folder, as shown to the user. */
  readonly dir: string;
  readonly ruleset: Ruleset;
  /** The configuration objects found, validated. */
  readonly objects: readonly ConfigObjectFile[];
  /** Files not found (optional ones): not uploaded, so whatever the bucket holds stays. */
  readonly missing: readonly string[];
  /** The defaults ∪ every `match.eventSource` of the rules (a `*` source adds none). */
  readonly eventSources: readonly string[];
}

/** The folder to read: `--rules-dir`, or the pack shipped with iam-guard. */
export function rulesDirOf(
  context: { readonly cwd: string; readonly packageRoot: string },
  rulesDir: string | undefined,
): string {
  return rulesDir === undefined ? join(context.packageRoot, 'rules') : resolveFrom(context.cwd, rulesDir);
}

/**
 * Reads and validates the rule pack in `folder`. A missing or invalid file is an input error (exit 3)
 * located in the file; load warnings (an expired suppression) are printed.
 */
export async function readRulePack(
  context: { readonly cwd: string; readonly io: Io; readonly now: () => Date },
  folder: string,
): Promise<RulePack> {
  const objects: ConfigObjectFile[] = [];
  const missing: string[] = [];
  for (const [object, spec] of Object.entries(CONFIG_OBJECT_FILES) as [
    ConfigObject,
    (typeof CONFIG_OBJECT_FILES)[ConfigObject],
  ][]) {
    const absolute = join(folder, spec.file);
    const path = shownFrom(context.cwd, absolute);
    const body = await readTextIfPresent(absolute, path);
    if (body === undefined) {
      if (spec.required) throw new InputFileError('no such file', 'FileNotFound', { file: path });
      missing.push(path);
      continue;
    }
    objects.push({ object, key: CONFIG_OBJECT_KEYS[object], path, body, contentType: spec.contentType });
  }
  const find = (object: ConfigObject) => objects.find((file) => file.object === object);
  const rules = find('rules');
  const suppressions = find('suppress');
  const ruleset = loadRuleset({
    rules: { path: rules?.path ?? '', text: rules?.body ?? '' },
    ...(suppressions ? { suppressions: { path: suppressions.path, text: suppressions.body } } : {}),
    now: context.now(),
  });
  for (const warning of ruleset.warnings) context.io.warn(formatDiagnostic(warning));
  const remediator = find('remediator');
  if (remediator) loadRemediatorConfig(remediator.body, remediator.path);
  const notification = find('notification');
  if (notification) checkYaml(notification);
  return {
    dir: shownFrom(context.cwd, folder),
    ruleset,
    objects,
    missing,
    eventSources: eventSourcesOf(ruleset),
  };
}

/**
 * The event sources of the rules in `folder`, for `template`: only rules.yaml is read and checked (the
 * other files do not change the template).
 */
export async function readEventSources(
  context: { readonly cwd: string; readonly now: () => Date },
  folder: string,
): Promise<{ readonly dir: string; readonly eventSources: readonly string[] }> {
  const absolute = join(folder, CONFIG_OBJECT_FILES.rules.file);
  const path = shownFrom(context.cwd, absolute);
  const text = await readTextIfPresent(absolute, path);
  if (text === undefined) throw new InputFileError('no such file', 'FileNotFound', { file: path });
  const ruleset = loadRuleset({ rules: { path, text }, now: context.now() });
  return { dir: shownFrom(context.cwd, folder), eventSources: eventSourcesOf(ruleset) };
}

/** The event sources the detector's rule must match for this ruleset. */
export function eventSourcesOf(ruleset: Ruleset): readonly string[] {
  const fromRules = ruleset.rules
    .flatMap((rule) => listOf(rule.spec.match.eventSource))
    .filter((source) => source !== ANY_EVENT);
  return [...new Set([...DEFAULT_EVENT_SOURCES, ...fromRules])].sort();
}

/** The notification config has no schema of its own yet: it must at least be YAML. */
function checkYaml(file: ConfigObjectFile): void {
  try {
    parseYaml(file.body);
  } catch (error) {
    const position = (error as { linePos?: readonly { line: number; col: number }[] }).linePos?.[0];
    throw new InputFileError(
      `not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      'NotificationConfigInvalid',
      { file: file.path, ...(position ? { line: position.line, column: position.col } : {}) },
      { cause: error },
    );
  }
}
