/**
 * Spec: a `Clock` that says what the test tells it. `now()` returns a fresh `Date` for the current
 * instant (callers may not mutate the clock through it); `advance(ms)` and `set(date)` move time.
 */
import type { Clock } from '../../src/core/ports.js';

export class FixedClock implements Clock {
  #now: number;

  constructor(start: Date | string = '2026-03-01T10:15:00Z') {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  advance(ms: number): void {
    this.#now += ms;
  }

  set(date: Date | string): void {
    this.#now = new Date(date).getTime();
  }
}
