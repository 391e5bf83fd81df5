import { describe, expect, it } from 'vitest';
import type { RuleStore } from '../../../src/core/ports.js';
import { DEFAULT_NOTIFICATION_CONFIG } from '../../../src/core/render/notification-config.js';
import {
  createNotificationConfigSource,
  type NotificationConfigProblem,
} from '../../../src/core/render/notification-config-source.js';
import { FixedClock } from '../../fakes/fixed-clock.js';
import { InMemoryRuleStore } from '../../fakes/in-memory-rule-store.js';

const KEY = 'config/notification-config.yaml';
const STRICT = 'version: 1\nchannels:\n  slack:\n    minSeverity: CRITICAL\n';

function setup(objects: Record<string, string> = { [KEY]: STRICT }) {
  const store = new InMemoryRuleStore(objects);
  const clock = new FixedClock();
  const problems: NotificationConfigProblem[] = [];
  const source = createNotificationConfigSource({
    store,
    key: KEY,
    clock,
    onProblem: (p) => problems.push(p),
  });
  return { store, clock, problems, source };
}

describe('createNotificationConfigSource()', () => {
  it('reads the uploaded config on first use', async () => {
    // Prepare
    const { source, problems } = setup();

    // Act
    const config = await source.current();

    // Assess
    expect(config.channels.slack.minSeverity).toBe('CRITICAL');
    expect(problems).toEqual([]);
  });

  it('reads nothing until first used, then trusts the read for a minute', async () => {
    // Prepare
    const { source, store, clock } = setup();

    // Act
    const before = store.gets.get(KEY);
    await source.current();
    clock.advance(59_000);
    await source.current();

    // Assess
    expect(before).toBeUndefined();
    expect(store.gets.get(KEY)).toBe(1);
  });

  it('picks up an upload after a minute with a conditional read', async () => {
    // Prepare
    const { source, store, clock } = setup();
    await source.current();

    // Act
    clock.advance(60_000);
    const unchanged = await source.current();
    await store.put({ key: KEY, body: 'version: 1\nchannels:\n  slack:\n    minSeverity: LOW\n' });
    clock.advance(60_000);
    const changed = await source.current();

    // Assess
    expect(unchanged.channels.slack.minSeverity).toBe('CRITICAL');
    expect(changed.channels.slack.minSeverity).toBe('LOW');
    expect(store.gets.get(KEY)).toBe(3);
  });

  it('uses the built-in defaults when no config is uploaded, and says so', async () => {
    // Prepare
    const { source, problems } = setup({});

    // Act
    const config = await source.current();

    // Assess
    expect(config).toEqual(DEFAULT_NOTIFICATION_CONFIG);
    expect(problems).toEqual([{ kind: 'missing', key: KEY }]);
  });

  it('keeps the last valid config when an invalid one is uploaded, and reports where it is wrong', async () => {
    // Prepare
    const { source, store, clock, problems } = setup();
    await source.current();
    await store.put({ key: KEY, body: 'version: 1\nchannels:\n  slack:\n    minSeverity: SEVERE\n' });
    clock.advance(60_000);

    // Act
    const config = await source.current();

    // Assess
    expect(config.channels.slack.minSeverity).toBe('CRITICAL');
    expect(problems).toEqual([
      {
        kind: 'invalid',
        key: KEY,
        error: expect.objectContaining({
          message: expect.stringMatching(
            /^config\/notification-config\.yaml:4:18 {2}channels\.slack\.minSeverity/,
          ),
        }),
      },
    ]);
  });

  it('uses the defaults when the first config read is invalid', async () => {
    // Prepare
    const { source } = setup({ [KEY]: 'version: 3\n' });

    // Act
    const config = await source.current();

    // Assess
    expect(config).toEqual(DEFAULT_NOTIFICATION_CONFIG);
  });

  it('keeps what it has when the bucket cannot be read, and tries again on the next call', async () => {
    // Prepare
    const failure = new Error('S3 unavailable');
    let fail = true;
    const inner = new InMemoryRuleStore({ [KEY]: STRICT });
    const store: RuleStore = {
      get: async (key, options) => {
        if (fail) throw failure;
        return inner.get(key, options);
      },
      put: (object) => inner.put(object),
    };
    const problems: NotificationConfigProblem[] = [];
    const source = createNotificationConfigSource({
      store,
      key: KEY,
      clock: new FixedClock(),
      onProblem: (p) => problems.push(p),
    });

    // Act
    const first = await source.current();
    fail = false;
    const second = await source.current();

    // Assess
    expect(first).toEqual(DEFAULT_NOTIFICATION_CONFIG);
    expect(problems).toEqual([{ kind: 'unreadable', key: KEY, error: failure }]);
    expect(second.channels.slack.minSeverity).toBe('CRITICAL');
  });
});
