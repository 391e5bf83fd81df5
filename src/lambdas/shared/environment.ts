/**
 * Reading a function's configuration from its environment, once, in its `deps.ts`. The variable names
 * are the contract written by src/cloudformation/function-environment.ts; a missing or malformed one
 * is a deployment fault, so it fails the cold start with an error that names the variable and the
 * function, instead of an `undefined` surfacing later as a confusing AWS error.
 */
import { IamGuardError } from '../../core/errors.js';

/** The process environment, or a plain object in tests. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A variable is missing (`EnvironmentVariableMissing`) or has a value the function cannot use
 * (`EnvironmentVariableInvalid`). Kind `aws`: the environment around the code is wrong, not the code.
 */
export class EnvironmentVariableError extends IamGuardError {
  /** The variables at fault, e.g. `['ALERTS_TOPIC_ARN']`. */
  readonly variables: readonly string[];

  constructor(
    message: string,
    code: 'EnvironmentVariableMissing' | 'EnvironmentVariableInvalid',
    variables: readonly string[],
  ) {
    super(message, { code, kind: 'aws' });
    this.name = 'EnvironmentVariableError';
    this.variables = variables;
  }
}

/** Which variables a function reads. */
export interface EnvironmentSpec<TRequired extends string, TOptional extends string> {
  /** The function's name, for the error message, e.g. `sns-publisher`. */
  readonly function: string;
  /** Variables that must be set to a non-blank value. */
  readonly required: readonly TRequired[];
  /** Variables that may be absent (read as `undefined`). @default [] */
  readonly optional?: readonly TOptional[];
}

/** The values read: required ones as strings, optional ones possibly `undefined`. */
export type EnvironmentValues<TRequired extends string, TOptional extends string> = {
  readonly [K in TRequired]: string;
} & { readonly [K in TOptional]: string | undefined };

/**
 * Reads the variables of `spec` from `env`, trimmed. Throws one `EnvironmentVariableError` naming
 * every missing or blank required variable, so a broken deployment is fixed in one go.
 *
 * @example
 * const vars = readEnvironment(process.env, {
 *   function: 'sns-publisher',
 *   required: ['ALERTS_TOPIC_ARN', 'RULES_BUCKET'],
 *   optional: ['NOTIFICATION_CONFIG_KEY'],
 * });
 * vars.ALERTS_TOPIC_ARN; // string
 */
export function readEnvironment<const TRequired extends string, const TOptional extends string = never>(
  env: Environment,
  spec: EnvironmentSpec<TRequired, TOptional>,
): EnvironmentValues<TRequired, TOptional> {
  const values: Record<string, string | undefined> = {};
  const missing: string[] = [];
  for (const name of spec.required) {
    const value = env[name]?.trim();
    if (value === undefined || value === '') missing.push(name);
    else values[name] = value;
  }
  if (missing.length > 0) {
    const list = missing.join(', ');
    throw new EnvironmentVariableError(
      `${spec.function}: environment variable${missing.length > 1 ? 's' : ''} ${list} ${missing.length > 1 ? 'are' : 'is'} not set; the iam-guard stack sets ${missing.length > 1 ? 'them' : 'it'} (src/cloudformation/function-environment.ts)`,
      'EnvironmentVariableMissing',
      missing,
    );
  }
  for (const name of spec.optional ?? []) {
    const value = env[name]?.trim();
    values[name] = value === '' ? undefined : value;
  }
  return values as EnvironmentValues<TRequired, TOptional>;
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/**
 * A boolean variable (`true|false|1|0|yes|no`, any case); `fallback` when unset. Anything else is an
 * `EnvironmentVariableInvalid` error: a typo in `DRY_RUN` must never read as "off".
 *
 * @example
 * parseFlag('DRY_RUN', vars.DRY_RUN, true); // true when DRY_RUN is unset
 */
export function parseFlag(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new EnvironmentVariableError(
    `environment variable ${name} must be true or false, found ${JSON.stringify(value)}`,
    'EnvironmentVariableInvalid',
    [name],
  );
}

/**
 * A comma-separated list variable, items trimmed, empty items dropped; `[]` when unset.
 *
 * @example
 * parseList('detach_managed_policy, delete_inline_policy'); // ['detach_managed_policy', 'delete_inline_policy']
 */
export function parseList(value: string | undefined): readonly string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
