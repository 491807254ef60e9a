// terminalSafe: no byte that a terminal would obey survives, JSON stays the same value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellSafe, terminalSafe } from './terminalSafe.js';

// eslint-disable-next-line no-control-regex -- the test looks for exactly these characters
const OBEYED = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;
/** A lone surrogate: what cannot be written as UTF-8. */
const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('terminalSafe', () => {
  it('shows OSC, CSI, BEL, C1 and bidi overrides as visible escapes', () => {
    expect(terminalSafe('\x1b]0;pwned\x07')).toBe('\\x1b]0;pwned\\x07');
    expect(terminalSafe('\x1b[2J\u202eab')).toBe('\\x1b[2J\\u202eab');
    expect(terminalSafe('a\u009b31mb\x7f')).toBe('a\\u009b31mb\\u007f');
    expect(terminalSafe('x\ud800y')).toBe('x\\ud800y');
    expect(terminalSafe('line\tone\nline two 😀 ü')).toBe('line\tone\nline two 😀 ü');
    expect(cellSafe('a\tb\nc\r')).toBe('a\\tb\\nc\\x0d');
  });

  it('any string: nothing obeyed is left, and the output is well-formed UTF-16', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = terminalSafe(s);
        expect(out).not.toMatch(OBEYED);
        expect(out).not.toMatch(LONE);
      }),
      { numRuns: 2000 },
    );
  });

  it('JSON made safe parses to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (v, s) => {
        const value = { v, s };
        const text = terminalSafe(JSON.stringify(value));
        expect(text).not.toMatch(OBEYED);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });
});
