/**
 * A real Powertools Logger whose lines are captured as parsed JSON objects, so handler tests can assert
 * what every line carries (the correlation id) without a fake standing in for the Logger. Powertools
 * writes through the global console in dev mode (`POWERTOOLS_DEV`), which the capture spies on.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { vi } from 'vitest';

export interface CapturedLogs {
  readonly logger: Logger;
  /** Every line written so far, parsed, in order. */
  readonly lines: Record<string, unknown>[];
}

export function captureLogs(serviceName = 'test-function'): CapturedLogs {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
  const lines: Record<string, unknown>[] = [];
  for (const method of ['debug', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, method).mockImplementation((text: unknown) => {
      lines.push(JSON.parse(String(text)) as Record<string, unknown>);
    });
  }
  return { logger: new Logger({ serviceName }), lines };
}
