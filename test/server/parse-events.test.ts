import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/server/http-error.js';
import { findJsonSyntaxError } from '../../src/server/json-syntax-error.js';
import { parseEvents } from '../../src/server/parse-events.js';

function rejection(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HttpError);
    return err as HttpError;
  }
  throw new Error('expected an HttpError');
}

describe('event bodies', () => {
  it('reads one event, an array, and NDJSON with blank lines and CRLF', () => {
    expect(parseEvents('{"payload":{"email":"a@b.co"}}', 'json', 10)).toEqual([
      { payload: { email: 'a@b.co' } },
    ]);
    expect(parseEvents('[{"event_key":"e1","payload":{}},{"payload":{"x":1}}]', 'json', 10)).toEqual([
      { eventKey: 'e1', payload: {} },
      { payload: { x: 1 } },
    ]);
    expect(parseEvents('{"payload":{}}\r\n\n{"event_key":"k","payload":{}}\n', 'ndjson', 10)).toEqual([
      { payload: {} },
      { eventKey: 'k', payload: {} },
    ]);
  });

  it('locates malformed JSON by line and column without quoting the body', () => {
    const error = rejection(() => parseEvents('{\n  "payload": {"email": "bob@acme.com",}\n}', 'json', 10));
    expect(error.body()).toEqual({
      code: 'malformed_json',
      message: 'the body is not valid JSON: expected a property name in double quotes at line 2, column 39',
      path: '',
      line: 2,
      column: 39,
    });
    expect(error.message).not.toContain('bob@acme.com');
  });

  it('names the NDJSON line and the index of the event it would have been', () => {
    const body = '{"payload":{}}\n\n{"payload":{}}\n{"payload": {"email": "x@y.z"}\n';
    const error = rejection(() => parseEvents(body, 'ndjson', 10));
    expect(error.body()).toMatchObject({ code: 'malformed_json', path: '[2]', line: 4 });
    expect(error.message).toMatch(
      /^NDJSON line 4 is not valid JSON: unexpected end of input at line 4, column 31$/,
    );
  });

  it('explains envelope mistakes with the path of the event', () => {
    expect(rejection(() => parseEvents('{"email":"a@b.co"}', 'json', 10)).body()).toMatchObject({
      code: 'invalid_event',
      path: '[0].email',
    });
    expect(rejection(() => parseEvents('[{"payload":{}}, {"payload":[1]}]', 'json', 10)).path).toBe(
      '[1].payload',
    );
    expect(rejection(() => parseEvents('[{"payload":{}}, 3]', 'json', 10)).path).toBe('[1]');
    expect(rejection(() => parseEvents('{"payload":{},"event_key":7}', 'json', 10)).path).toBe(
      '[0].event_key',
    );
    expect(rejection(() => parseEvents('{"payload":{},"event_key":"  "}', 'json', 10)).path).toBe(
      '[0].event_key',
    );
    expect(rejection(() => parseEvents('{"weird key":1}', 'json', 10)).path).toBe('[0]["weird key"]');
    expect(rejection(() => parseEvents('"text"', 'json', 10)).code).toBe('invalid_body');
    expect(rejection(() => parseEvents('[]', 'json', 10)).code).toBe('empty_body');
    expect(rejection(() => parseEvents(' \n', 'ndjson', 10)).code).toBe('empty_body');
  });

  it('refuses too many events and too deep nesting', () => {
    expect(rejection(() => parseEvents('[{"payload":{}},{"payload":{}}]', 'json', 1)).code).toBe(
      'too_many_events',
    );
    const deep = `{"payload":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`;
    expect(rejection(() => parseEvents(deep, 'json', 1)).body()).toMatchObject({
      code: 'too_deep',
      path: '[0]',
    });
    const veryDeep = `[${'['.repeat(100_000)}${']'.repeat(100_000)}]`;
    expect(rejection(() => parseEvents(veryDeep, 'json', 1)).code).toBe('invalid_event');
  });
});

describe('JSON syntax errors', () => {
  it('agrees with JSON.parse on what is valid', () => {
    const jsonish = fc.oneof(
      fc.json(),
      fc.json().map((s) => s.slice(0, Math.max(0, s.length - 1))),
      fc
        .tuple(fc.json(), fc.nat(), fc.constantFrom(',', '}', ']', '"', ':', '\\', 'x', '\n', '-', '0', 'e'))
        .map(([s, at, ch]) => s.slice(0, at % (s.length + 1)) + ch + s.slice(at % (s.length + 1))),
      fc.string(),
    );
    fc.assert(
      fc.property(jsonish, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        const found = findJsonSyntaxError(text);
        expect(found === null).toBe(valid);
        if (found) expect(found.offset).toBeLessThanOrEqual(text.length);
      }),
      { numRuns: 2000 },
    );
  });

  it('copes with deep nesting without recursion', () => {
    const text = '['.repeat(1_000_000);
    expect(findJsonSyntaxError(text)).toMatchObject({ reason: 'unexpected end of input', line: 1 });
  });
});
