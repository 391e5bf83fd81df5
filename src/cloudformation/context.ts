/**
 * Resolves the generator's options into the `TemplateContext` (types.ts) every boundary module receives:
 * the configuration plus the inputs that do not come from the config file (event sources derived from
 * the rule pack, declared permissions, tool version).
 */
import { UsageError } from '../core/errors.js';
import type { IamGuardConfig } from './config.js';
import { DECLARED_PERMISSIONS } from './function-permissions.js';
import { enabledFunctions } from './functions.js';
import type { PermissionSource, TemplateContext } from './types.js';

/**
 * CloudTrail event sources the detector listens to when the caller gives none: IAM plus every source
 * the default rule pack asks for. The CLI passes the list derived from the loaded rule pack instead.
 */
export const DEFAULT_EVENT_SOURCES = [
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'organizations.amazonaws.com',
  'guardduty.amazonaws.com',
  'access-analyzer.amazonaws.com',
  'events.amazonaws.com',
  'lambda.amazonaws.com',
  'sqs.amazonaws.com',
  'signin.amazonaws.com',
] as const;

export interface TemplateOptions {
  readonly config: IamGuardConfig;
  /** CloudTrail `eventSource`s the detector's rule matches; iam.amazonaws.com is always included. @default DEFAULT_EVENT_SOURCES */
  readonly eventSources?: readonly string[];
  /** Which IAM calls each function makes. @default DECLARED_PERMISSIONS */
  readonly permissions?: PermissionSource;
  /** Version of iam-guard that generated the template (metadata; the selftest project installs it). @default '0.0.0' */
  readonly toolVersion?: string;
}

/** A CloudTrail `eventSource`: a service endpoint name such as `access-analyzer.amazonaws.com`. */
const EVENT_SOURCE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/;

/** Resolves the options; throws a `UsageError` (`EventSourceInvalid`) for a malformed event source. */
export function createContext(options: TemplateOptions): TemplateContext {
  const sources = new Set(['iam.amazonaws.com', ...(options.eventSources ?? DEFAULT_EVENT_SOURCES)]);
  const invalid = [...sources].filter((source) => !EVENT_SOURCE.test(source));
  if (invalid.length > 0) {
    throw new UsageError(
      `Not a CloudTrail event source: ${invalid.map((source) => JSON.stringify(source)).join(', ')} (expected e.g. sts.amazonaws.com)`,
      'EventSourceInvalid',
    );
  }
  return {
    config: options.config,
    eventSources: [...sources].sort(),
    permissions: options.permissions ?? DECLARED_PERMISSIONS,
    toolVersion: options.toolVersion ?? '0.0.0',
    functions: enabledFunctions(options.config),
  };
}
