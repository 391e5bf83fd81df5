/**
 * Spec: a `MetricSink` that keeps every point put, in order; `total(name, dimensions?)` sums the values
 * of the points with that name (and those dimension values) for assertions.
 */
import type { MetricPoint, MetricSink } from '../../src/core/ports.js';

export class RecordingMetricSink implements MetricSink {
  readonly points: MetricPoint[] = [];

  async put(points: readonly MetricPoint[]): Promise<void> {
    this.points.push(...points.map((point) => structuredClone(point)));
  }

  total(name: string, dimensions: Readonly<Record<string, string>> = {}): number {
    return this.points
      .filter((point) => point.name === name)
      .filter((point) =>
        Object.entries(dimensions).every(([key, value]) => point.dimensions?.[key] === value),
      )
      .reduce((sum, point) => sum + point.value, 0);
  }
}
