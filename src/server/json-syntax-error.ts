/** Where JSON text stops being valid, and why; messages never quote the text itself. */
export interface JsonSyntaxError {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /[0-9a-fA-F]{4}/y;

/**
 * Scans `text` as JSON (RFC 8259) and returns the first syntax error, or `null` when the text is valid.
 * Iterative, so deeply nested input cannot exhaust the stack. Used after `JSON.parse` has failed, whose
 * messages give no position in Node 20 and quote the input.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  const stack: ('{' | '[')[] = [];
  let expect: 'value' | 'key' | 'after' = 'value';
  let i = 0;
  const fail = (reason: string, at = i): JsonSyntaxError => ({ offset: at, ...lineColumn(text, at), reason });

  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
    if (i >= text.length) {
      return expect === 'after' && stack.length === 0 ? null : fail('unexpected end of input');
    }
    const ch = text.charAt(i);
    if (expect === 'after') {
      const top = stack.at(-1);
      if (top === undefined) return fail('unexpected data after the JSON value');
      const close = top === '{' ? '}' : ']';
      if (ch === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
      } else if (ch === close) {
        stack.pop();
        i++;
      } else {
        return fail(`expected ',' or '${close}'`);
      }
      continue;
    }
    if (expect === 'key') {
      if (ch !== '"') return fail('expected a property name in double quotes');
      const end = scanString(text, i);
      if (typeof end !== 'number') return fail(end.reason, end.at);
      i = end;
      while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
      if (text.charAt(i) !== ':') return fail("expected ':' after the property name");
      i++;
      expect = 'value';
      continue;
    }
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      i++;
      while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
      if (text.charAt(i) === (ch === '{' ? '}' : ']')) {
        stack.pop();
        i++;
        expect = 'after';
      } else {
        expect = ch === '{' ? 'key' : 'value';
      }
      continue;
    }
    if (ch === '"') {
      const end = scanString(text, i);
      if (typeof end !== 'number') return fail(end.reason, end.at);
      i = end;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) return fail('invalid number');
      i += match[0].length;
    } else {
      const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, i));
      if (literal === undefined) return fail('unexpected character');
      i += literal.length;
    }
    expect = 'after';
  }
}

/** The offset just past the string starting at `start` (a `"`), or where and why it is invalid. */
function scanString(text: string, start: number): number | { at: number; reason: string } {
  let i = start + 1;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x22) return i + 1;
    if (code < 0x20) return { at: i, reason: 'control character in a string (escape it)' };
    if (code === 0x5c) {
      const next = text.charAt(i + 1);
      if (next === 'u') {
        HEX4.lastIndex = i + 2;
        if (!HEX4.test(text)) return { at: i, reason: 'invalid \\u escape' };
        i += 6;
        continue;
      }
      if (!ESCAPES.has(next)) return { at: i, reason: 'invalid escape in a string' };
      i += 2;
      continue;
    }
    i++;
  }
  return { at: start, reason: 'unterminated string' };
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
