/**
 * From an {@link ApplyResult} to the `remediation` part of the `IAM Policy Remediation Status` event:
 * the status, one sentence, and details a person (or the audit trail) can act on, including every
 * removed document.
 */
import type { RemediationOutcome } from '../events.js';
import type { ApplyResult } from './types.js';

/**
 * The outcome to pass to `buildRemediationStatusEvent`.
 *
 * @example
 * const event = buildRemediationStatusEvent(message, toRemediationOutcome(result), { timestamp });
 */
export function toRemediationOutcome(result: ApplyResult): RemediationOutcome {
  return {
    status: result.status,
    description: result.description,
    details: {
      ...(result.reason === undefined ? {} : { reason: result.reason }),
      steps: result.steps.map(({ step, outcome }) => ({
        calls: step.calls,
        description: step.description,
        outcome: outcome.kind,
        ...(outcome.kind === 'skipped' ? { reason: outcome.reason } : {}),
        ...(outcome.kind === 'failed' ? { code: outcome.code } : {}),
      })),
      removedDocuments: result.removed,
    },
    error: result.error === undefined ? null : `${result.error.code}: ${result.error.message}`,
  };
}
