import { describe, expect, it } from 'vitest';
import { InvalidUtf8Error, Utf8Guard } from '../../src/io/utf8-guard.js';

describe('Utf8Guard', () => {
  it('holds back characters split across chunks', () => {
    const bytes = Buffer.from('aé東😀z');
    for (let cut = 1; cut < bytes.length; cut++) {
      const guard = new Utf8Guard();
      const out = Buffer.concat([guard.push(bytes.subarray(0, cut)), guard.push(bytes.subarray(cut))]);
      guard.end();
      expect(out.toString('utf8')).toBe('aé東😀z');
    }
  });

  it('reports the absolute offset of the first invalid byte', () => {
    const guard = new Utf8Guard();
    guard.push(Buffer.from('abc'));
    expect(() => guard.push(Buffer.from([0x64, 0xe9, 0x65]))).toThrow(InvalidUtf8Error);
    const again = new Utf8Guard();
    again.push(Buffer.from('abc'));
    try {
      again.push(Buffer.from([0x64, 0xe9, 0x65]));
    } catch (err) {
      expect((err as InvalidUtf8Error).offset).toBe(4);
    }
  });

  it('rejects a character cut off by the end of input', () => {
    const guard = new Utf8Guard();
    guard.push(Buffer.from([0x61, 0xe6, 0x9d]));
    expect(() => guard.end()).toThrow(InvalidUtf8Error);
  });
});
