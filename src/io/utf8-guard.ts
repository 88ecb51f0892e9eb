import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

/** Thrown by {@link Utf8Guard} at the first byte that is not valid UTF-8. */
export class InvalidUtf8Error extends Error {
  override readonly name = 'InvalidUtf8Error';
  constructor(
    /** Absolute byte offset of the first invalid byte. */
    readonly offset: number,
    /** The offending byte. */
    readonly byte: number,
  ) {
    super(`invalid UTF-8 byte 0x${byte.toString(16).padStart(2, '0')} at offset ${offset}`);
  }
}

/**
 * Checks a byte stream is UTF-8 chunk by chunk, holding back a character split across chunks
 * so every returned slice decodes on its own.
 */
export class Utf8Guard {
  private carry: Buffer | null = null;
  private base = 0;

  /** Returns the complete-character prefix of everything pushed so far; throws {@link InvalidUtf8Error}. */
  push(chunk: Buffer): Buffer {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const keep = data.length - incompleteTail(data);
    const body = data.subarray(0, keep);
    if (!isUtf8(body)) {
      const at = firstInvalid(body);
      throw new InvalidUtf8Error(this.base + at, body[at] ?? 0);
    }
    this.carry = keep < data.length ? Buffer.from(data.subarray(keep)) : null;
    this.base += keep;
    return body;
  }

  /** Call at end of input: a character cut off by the end of the file is invalid. */
  end(): void {
    if (this.carry) throw new InvalidUtf8Error(this.base, this.carry[0] ?? 0);
  }
}

function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Bytes at the end of `buf` that start a character whose remaining bytes have not arrived yet. */
function incompleteTail(buf: Uint8Array): number {
  const len = buf.length;
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = buf[len - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const need = sequenceLength(b);
    return need > back ? back : 0;
  }
  return 0;
}

/** Index of the first byte that breaks UTF-8 (the buffer is known to be invalid). */
function firstInvalid(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const lead = buf[i] ?? 0;
    const n = sequenceLength(lead);
    if (n === 0) return i;
    if (n > 1) {
      const second = buf[i + 1];
      if (second === undefined) return i;
      const lo = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const hi = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      if (second < lo || second > hi) return i;
      for (let k = 2; k < n; k++) {
        const c = buf[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) return i;
      }
    }
    i += n;
  }
  return buf.length;
}

/** The 1-based line that contains byte `offset` of a file (counts line feeds before it). */
export async function lineAtOffset(path: string, offset: number): Promise<number> {
  if (offset <= 0) return 1;
  let lines = 1;
  for await (const chunk of createReadStream(path, { start: 0, end: offset - 1 })) {
    const buf = chunk as Buffer;
    for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) lines++;
  }
  return lines;
}
