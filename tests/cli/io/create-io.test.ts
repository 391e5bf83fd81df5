import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createIo } from '../../../src/cli/io/create-io.js';
import { PlainIo } from '../../../src/cli/io/plain-io.js';
import { TtyIo } from '../../../src/cli/io/tty-io.js';

/** A stream that claims to be (or not be) a terminal and keeps what was written. */
function stream(isTTY: boolean, columns = 80) {
  const done = (callback?: () => void) => {
    callback?.();
    return true;
  };
  const sink = Object.assign(new PassThrough(), {
    isTTY,
    columns,
    written: '',
    cursorTo: (_x: number, callback?: () => void) => done(callback),
    moveCursor: (_dx: number, _dy: number, callback?: () => void) => done(callback),
    clearLine: (_dir: number, callback?: () => void) => done(callback),
  });
  sink.on('data', (chunk: Buffer) => {
    sink.written += chunk.toString();
  });
  return sink;
}

describe('createIo()', () => {
  it('uses colour and spinners when both streams are terminals', () => {
    // Act
    const io = createIo({ stdout: stream(true), stderr: stream(true), env: {}, color: true });

    // Assess
    expect(io).toBeInstanceOf(TtyIo);
    expect(io.interactive).toBe(true);
    expect(io.paint.red('x')).not.toBe('x');
  });

  it.each([
    ['stdout is piped', false, true, {}, true],
    ['stderr is piped', true, false, {}, true],
    ['NO_COLOR is set', true, true, { NO_COLOR: '1' }, true],
    ['--no-color is given', true, true, {}, false],
  ])('writes plain text when %s', (_case, outTty, errTty, env, color) => {
    // Act
    const io = createIo({ stdout: stream(outTty), stderr: stream(errTty), env, color });

    // Assess
    expect(io).toBeInstanceOf(PlainIo);
    expect(io.paint.red('x')).toBe('x');
  });

  it('writes plain text to a terminal that reports no width, where a spinner cannot redraw', () => {
    // Act
    const io = createIo({ stdout: stream(true, 0), stderr: stream(true, 0), env: {}, color: true });

    // Assess
    expect(io).toBeInstanceOf(PlainIo);
    expect(io.interactive).toBe(true);
  });

  it('still defaults to tables on a terminal with NO_COLOR, just without colour', () => {
    // Act
    const io = createIo({ stdout: stream(true), stderr: stream(true), env: { NO_COLOR: '1' }, color: true });

    // Assess
    expect(io.interactive).toBe(true);
  });

  it('ignores an empty NO_COLOR, as the NO_COLOR convention says', () => {
    // Act
    const io = createIo({ stdout: stream(true), stderr: stream(true), env: { NO_COLOR: '' }, color: true });

    // Assess
    expect(io).toBeInstanceOf(TtyIo);
  });
});

describe('PlainIo', () => {
  it('writes results to stdout and messages to stderr, and no progress frames', async () => {
    // Prepare
    const stdout = stream(false);
    const stderr = stream(false);
    const io = new PlainIo({ stdout, stderr });

    // Act
    io.result('row');
    const progress = io.progress('Reading…');
    progress.update('Reading… 5');
    progress.done('Read 5 events');
    io.warn('careful');
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(stdout.written).toBe('row\n');
    expect(stderr.written).toBe('Read 5 events\ncareful\n');
  });
});

describe('TtyIo', () => {
  it('keeps results on stdout while a spinner runs on stderr', async () => {
    // Prepare
    const stdout = stream(true);
    const stderr = stream(true);
    const io = new TtyIo({ stdout, stderr });

    // Act
    const progress = io.progress('Reading…');
    io.result('row');
    progress.done('Read 5 events');
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(stdout.written).toBe('row\n');
    expect(stderr.written).toContain('Read 5 events');
  });
});
