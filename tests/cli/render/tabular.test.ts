import { describe, expect, it } from 'vitest';
import { type Column, formatCsv, formatNdjson, formatTable } from '../../../src/cli/render/tabular.js';

interface Row {
  readonly name: string;
  readonly count: number;
}

const COLUMNS: readonly Column<Row>[] = [
  { header: 'NAME', value: (row) => row.name, paint: (text) => `<${text}>` },
  { header: 'COUNT', value: (row) => String(row.count) },
];

describe('formatTable()', () => {
  it('aligns columns on the widest cell and does not pad the last column', () => {
    // Act
    const text = formatTable(
      [
        { name: 'alice', count: 1 },
        { name: 'bob-the-builder', count: 22 },
      ],
      COLUMNS,
    );

    // Assess
    expect(text.split('\n')).toEqual([
      'NAME             COUNT',
      '<alice          >  1',
      '<bob-the-builder>  22',
    ]);
  });

  it('keeps each row on one line when a cell holds a newline', () => {
    // Act
    const text = formatTable([{ name: 'two\nlines', count: 1 }], COLUMNS);

    // Assess
    expect(text.split('\n')).toHaveLength(2);
    expect(text).toContain('two lines');
  });

  it('returns nothing for no rows, so callers print their own "none" line', () => {
    // Act
    const text = formatTable([], COLUMNS);

    // Assess
    expect(text).toBe('');
  });
});

describe('formatCsv()', () => {
  it('writes a header and quotes only the cells that need it', () => {
    // Act
    const text = formatCsv([{ name: 'say "hi", then go', count: 3 }], COLUMNS);

    // Assess
    expect(text).toBe('NAME,COUNT\r\n"say ""hi"", then go",3\r\n');
  });
});

describe('formatNdjson()', () => {
  it('writes one compact JSON document per line', () => {
    // Act
    const text = formatNdjson([{ a: 1 }, { b: [2] }]);

    // Assess
    expect(text).toBe('{"a":1}\n{"b":[2]}');
  });
});
