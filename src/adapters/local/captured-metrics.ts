/**
 * The local pipeline's `MetricSink`: each point becomes the Embedded Metric Format document the
 * metrics-publisher writes to its log in Lambda (Powertools Metrics builds it, with exactly the point's
 * own dimension set, `[[]]` when it has none), appended as one line to a capture instead of stdout.
 * CloudWatch would turn these lines into metrics; here they can be read, counted and checked.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Clock, MetricPoint, MetricSink } from '../../core/ports.js';
import type { CapturedLines } from './captured-lines.js';

/** What the sink needs. */
export interface EmfCaptureOptions {
  /** e.g. `IAMPolicyMonitor`. */
  readonly namespace: string;
  readonly lines: CapturedLines;
  /** Stamps each document (`_aws.Timestamp`). */
  readonly clock: Clock;
  /**
   * Where Powertools' own warnings go (e.g. a replayed time more than 14 days old, which CloudWatch
   * would drop). @default ignored
   */
  readonly warnings?: MetricsWarnings;
}

/** The logger shape Powertools Metrics reports its warnings to (a Powertools `Logger` fits). */
export interface MetricsWarnings {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

const QUIET: MetricsWarnings = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Creates the sink.
 *
 * @example
 * const metrics = createEmfCaptureSink({ namespace: 'IAMPolicyMonitor', lines, clock });
 * await metrics.put([{ name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { Severity: 'HIGH' } }]);
 */
export function createEmfCaptureSink(options: EmfCaptureOptions): MetricSink {
  const metrics = new Metrics({ namespace: options.namespace, logger: options.warnings ?? QUIET });
  // As in Lambda (src/lambdas/shared/metrics.ts): no `service` dimension joins the alarms' exact sets.
  metrics.clearDefaultDimensions();
  return {
    async put(points: readonly MetricPoint[]): Promise<void> {
      for (const point of points) {
        try {
          metrics.addDimensions({ ...(point.dimensions ?? {}) });
          metrics.addMetric(point.name, point.unit, point.value);
          metrics.setTimestamp(options.clock.now());
          options.lines.append(metrics.serializeMetrics());
        } finally {
          metrics.clearMetrics();
          metrics.clearDimensions();
        }
      }
    },
  };
}
