/**
 * The detector's dependencies and what one invocation reports; `make-handler.ts` runs the flow,
 * `deps.ts` builds the dependencies.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { RuleCache } from '../../adapters/aws/rule-cache.js';
import type { AlertDeduplicator } from '../../core/detector/alert-dedup.js';
import type { DeliveryOptions } from '../../core/detector/deliver.js';
import type { Clock, EventBus, IamReader, MetricSink, Notifier, RemediationQueue } from '../../core/ports.js';
import type { Ruleset } from '../../core/rules/types.js';

/** What the detector needs; `deps.ts` builds it from the environment once per container. */
export interface DetectorDeps {
  readonly logger: Logger;
  /** EMF in Lambda, namespace `IAMPolicyMonitor`. */
  readonly metrics: MetricSink;
  /** Rules and suppressions from the rule store, refreshed by ETag. */
  readonly rules: RuleCache<Ruleset>;
  readonly bus: EventBus;
  /** The alerts topic: where a violation goes when the bus refuses it. */
  readonly notifier: Notifier;
  /** The remediation queue; absent when the stack was deployed with remediation off. */
  readonly queue?: RemediationQueue;
  /** Reads the policy version a new default version replaced (its baseline). */
  readonly iam: IamReader;
  /** One per container: dedup windows live as long as the container. */
  readonly deduplicator: AlertDeduplicator;
  readonly clock: Clock;
  /** A fresh id, for the correlation id of an event that brings none. */
  readonly newId: () => string;
  /** Bus retries and the wait between them. @default 2 attempts, no wait */
  readonly delivery?: DeliveryOptions;
}

/** What one invocation did, for the logs and the tests. */
export type DetectorResult =
  | { readonly status: 'malformed'; readonly reason: string }
  | { readonly status: 'excluded' }
  | {
      readonly status: 'evaluated';
      readonly violations: number;
      readonly published: number;
      readonly sentToSns: number;
      readonly repeats: number;
      readonly suppressed: number;
      readonly queued: number;
    };
