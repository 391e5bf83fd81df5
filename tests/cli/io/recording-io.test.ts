import { describe, expect, it } from 'vitest';
import { RecordingIo } from '../../../src/cli/io/recording-io.js';

describe('RecordingIo', () => {
  it('sends results to stdout and info, warnings and errors to stderr, one line each', () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    io.result('[]');
    io.info('Read 3 events');
    io.warn('a.json[#2]: not a CloudTrail record');
    io.error('error[X]: boom\n');

    // Assess
    expect(io.stdout).toBe('[]\n');
    expect(io.stderr).toBe('Read 3 events\na.json[#2]: not a CloudTrail record\nerror[X]: boom\n');
    expect(io.messages.map((m) => m.level)).toEqual(['result', 'info', 'warn', 'error']);
  });

  it('records progress updates without writing them, and keeps the final line', () => {
    // Prepare
    const io = new RecordingIo();

    // Act
    const progress = io.progress('Reading…');
    progress.update('Reading… 10 events');
    progress.done('Read 10 events');

    // Assess
    expect(io.stderr).toBe('Read 10 events\n');
    expect(io.messages.filter((m) => m.level === 'progress').map((m) => m.text)).toEqual([
      'Reading…',
      'Reading… 10 events',
    ]);
  });

  it('is not interactive unless asked, so commands default to machine output', () => {
    // Act
    const plain = new RecordingIo();
    const terminal = new RecordingIo({ interactive: true });

    // Assess
    expect(plain.interactive).toBe(false);
    expect(terminal.interactive).toBe(true);
    expect(plain.paint.red('x')).toBe('x');
  });
});
