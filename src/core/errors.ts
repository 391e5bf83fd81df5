/**
 * The one error type of iam-guard. Every failure a user can see is an `IamGuardError` (or a subclass):
 * a stable `code` for scripts and docs, a `kind` that decides the exit code, and, for bad input, the
 * place in the file that caused it.
 */

/** Who or what caused the failure; `src/cli/exit-codes.ts` maps each kind to an exit code. */
export const ERROR_KINDS = ['usage', 'input', 'aws', 'aborted', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** A position in a user's file. Lines and columns are 1-based; `path` is the field path, e.g. `rules[3].severity`. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
}

export interface IamGuardErrorOptions extends ErrorOptions {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly location?: SourceLocation;
}

/** Renders a location the way editors and CI annotations understand: `file:line:col`. */
export function formatLocation(location: SourceLocation): string {
  const parts = [location.file];
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.line !== undefined && location.column !== undefined) parts.push(String(location.column));
  return parts.join(':');
}

export class IamGuardError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly location?: SourceLocation;

  constructor(message: string, options: IamGuardErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IamGuardError';
    this.code = options.code;
    this.kind = options.kind;
    if (options.location) this.location = options.location;
  }
}

/** The user asked for something that cannot be done as asked (bad flag, missing argument). */
export class UsageError extends IamGuardError {
  constructor(message: string, code = 'UsageInvalid', options: ErrorOptions = {}) {
    super(message, { ...options, code, kind: 'usage' });
    this.name = 'UsageError';
  }
}

/** A file the user gave us is unreadable or invalid; `location` says where. */
export class InputFileError extends IamGuardError {
  constructor(message: string, code: string, location?: SourceLocation, options: ErrorOptions = {}) {
    super(message, { ...options, code, kind: 'input', ...(location ? { location } : {}) });
    this.name = 'InputFileError';
  }
}

/** The user said no, or interrupted: not a failure of the tool. */
export class AbortedError extends IamGuardError {
  constructor(message = 'Aborted', options: ErrorOptions = {}) {
    super(message, { ...options, code: 'Aborted', kind: 'aborted' });
    this.name = 'AbortedError';
  }
}

export interface AwsErrorOptions extends ErrorOptions {
  /** True when the same call may succeed later (throttling, a 5xx): callers retry or redeliver. @default false */
  readonly retryable?: boolean;
}

/**
 * AWS (or the environment around it: credentials, region) refused or failed. Adapters create it from SDK
 * errors, so core decides on `code` and `retryable` without knowing SDK exception classes.
 */
export class AwsError extends IamGuardError {
  readonly retryable: boolean;

  constructor(message: string, code: string, options: AwsErrorOptions = {}) {
    const { retryable = false, ...rest } = options;
    super(message, { ...rest, code, kind: 'aws' });
    this.name = 'AwsError';
    this.retryable = retryable;
  }
}
