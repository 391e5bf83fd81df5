import { describe, expect, it } from 'vitest';
import { RecordingMetricSink } from './recording-metric-sink.js';

describe('RecordingMetricSink', () => {
  it('keeps points and sums them by name and dimensions', async () => {
    // Prepare
    const sink = new RecordingMetricSink();

    // Act
    await sink.put([
      { name: 'Violations', value: 1, unit: 'Count', dimensions: { Severity: 'HIGH' } },
      { name: 'Violations', value: 2, unit: 'Count', dimensions: { Severity: 'LOW' } },
      { name: 'Remediations', value: 1, unit: 'Count' },
    ]);

    // Assess
    expect(sink.points).toHaveLength(3);
    expect(sink.total('Violations')).toBe(3);
    expect(sink.total('Violations', { Severity: 'HIGH' })).toBe(1);
    expect(sink.total('Missing')).toBe(0);
  });
});
