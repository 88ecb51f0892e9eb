/**
 * A streaming RFC 4180 scanner: fed decoded text in chunks of any size, it calls back with each
 * record's fields and the 1-based physical line where the record starts.
 *
 * It reproduces csv-parse with `{ ltrim, relax_quotes, relax_column_count, skip_empty_lines }`
 * (the test suite uses csv-parse as the oracle):
 * - whitespace (as `String.prototype.trim` sees it) at the start of a field is dropped, so a quote
 *   after `, ` still opens a quoted field; lines of only whitespace are skipped;
 * - a quote that does not start a field is kept literally, and a closing quote followed by anything
 *   but a delimiter or line end turns the field back into literal text (`"ab"c` gives `"ab"c`);
 * - the line end is found from the first one outside quotes.
 *
 * One deliberate difference: once the file is known to use LF or CRLF, both end a record, so files
 * that mix the two read correctly (csv-parse keeps a lone LF in a CRLF file as data). A lone CR is
 * data in such files, and a record end only in files whose first line ends with a lone CR.
 * Lines are counted the same way (a CRLF inside quotes is one line; csv-parse counts two), and the
 * record size limit applies to the record's raw UTF-8 text (csv-parse counts field contents only).
 */

const LF = 10;
const CR = 13;
const QUOTE = 34;

// How records end: not known yet, LF or CRLF (either then counts), or a lone CR (classic Mac).
const UNKNOWN = 0;
const NEWLINE = 1;
const RETURN = 2;

/** The scanner returns one of these instead of a position when the record is not complete. */
const INCOMPLETE = -1;
const BLANK = -2;

export type CsvScanErrorCode = 'unclosed_quote' | 'record_too_long';

/** A record the scanner cannot accept: where it starts, and the 0-based field being read. */
export class CsvScanError extends Error {
  override readonly name = 'CsvScanError';
  constructor(
    readonly code: CsvScanErrorCode,
    /** 1-based physical line where the record starts. */
    readonly line: number,
    /** 0-based index of the field where the problem is. */
    readonly field: number,
  ) {
    super(
      code === 'unclosed_quote'
        ? `line ${line}: a quoted value in field ${field + 1} is never closed`
        : `line ${line}: record is too long`,
    );
  }
}

export interface CsvScannerOptions {
  /** One character. */
  delimiter: string;
  /** Longest accepted record in UTF-8 bytes, line end excluded; 0 for no limit. */
  maxRecordBytes?: number;
}

/** True for the characters `String.prototype.trim` removes (and csv-parse's `ltrim` skips). */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export class CsvScanner {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxRecordBytes: number;
  private mode = UNKNOWN;
  /** The record being read; handed to `onRecord` and then reused. */
  private readonly fields: string[] = [];
  // Out-parameters of unquotedEnd (fields rather than a result object, to avoid allocating).
  private dPos = -1;
  private lfPos = -1;
  private crPos = -1;
  private fieldEnd = 0;
  private termLength = 0;
  /** Unconsumed text: the start of a record that did not end in the text seen so far. */
  private buf = '';
  /** Where the unscanned text starts in `buf`. */
  private pos = 0;
  /** Lines counted up to `countedTo` in `buf`. */
  private line = 1;
  private countedTo = 0;
  /** Position of the next LF at or after `countedTo`, when known (-1: none in `buf`). */
  private nextLf = -2;
  private ended = false;

  /**
   * @param onRecord called with each record's fields and start line. The array is reused for the
   *   next record: copy it to keep it.
   */
  constructor(
    options: CsvScannerOptions,
    private readonly onRecord: (fields: string[], line: number) => void,
  ) {
    if (options.delimiter.length !== 1) throw new Error('the delimiter must be one character');
    this.delimiter = options.delimiter;
    this.delimiterCode = options.delimiter.charCodeAt(0);
    this.maxRecordBytes = options.maxRecordBytes ?? 0;
  }

  /** Scans the next piece of text; calls back for every record it completes. */
  push(text: string): void {
    if (this.ended) throw new Error('push after end');
    if (text.length === 0) return;
    if (this.buf.length === 0) {
      this.buf = text;
      this.run(false);
      return;
    }
    // A record is pending from the last piece. Joining it to the whole new piece would copy that;
    // first try to finish it with the new piece's first line. (join() makes a flat string: `+`
    // would make a cons string, which is several times slower to scan.)
    if (this.mode !== RETURN) {
      const lf = text.indexOf('\n');
      if (lf !== -1) {
        this.buf = [this.buf, text.slice(0, lf + 1)].join('');
        this.run(false);
        if (this.buf.length === 0) {
          this.buf = text;
          this.pos = this.countedTo = lf + 1;
          this.run(false);
          return;
        }
        text = text.slice(lf + 1); // the record goes on past that line: join the rest
      }
    }
    this.buf = [this.buf, text].join('');
    this.run(false);
  }

  /** Ends the input: the last record needs no line end; throws {@link CsvScanError} for an unclosed quote. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.run(true);
    this.buf = '';
  }

  /** 1-based line of position `pos` of `buf` (positions only move forward between calls). */
  private lineAt(pos: number): number {
    const buf = this.buf;
    if (this.mode === RETURN) {
      let i = this.countedTo;
      for (; i < pos; i++) {
        const c = buf.charCodeAt(i);
        if (c === LF) this.line++;
        else if (c === CR) {
          this.line++;
          if (buf.charCodeAt(i + 1) === LF) i++;
        }
      }
      this.countedTo = i;
      return this.line;
    }
    let lf = this.nextLf;
    if (lf === -2 || (lf !== -1 && lf < this.countedTo)) lf = buf.indexOf('\n', this.countedTo);
    while (lf !== -1 && lf < pos) {
      this.line++;
      lf = buf.indexOf('\n', lf + 1);
    }
    this.nextLf = lf;
    this.countedTo = pos;
    return this.line;
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const n = buf.length;
    const delim = this.delimiter;
    const dc = this.delimiterCode;
    const max = this.maxRecordBytes;
    // Next delimiter / LF / CR at or after the scan position (n when there is none in `buf`).
    let dPos = -1;
    let lfPos = -1;
    let crPos = -1;
    let start = this.pos;

    records: while (start < n || final) {
      const fields = this.fields;
      fields.length = 0;
      let p = start;
      let end = n; // where the record's text ends (its line end excluded)
      let next: number; // where the next record starts, or INCOMPLETE / BLANK

      fieldLoop: for (;;) {
        // Skip leading whitespace, but not a delimiter or a line end.
        let c = 0;
        while (p < n) {
          c = buf.charCodeAt(p);
          if (c > 32 && c < 0xa0) break;
          if (c === dc || c === LF || (c === CR && this.mode !== NEWLINE) || !isSpace(c)) break;
          p++;
        }
        if (p >= n) {
          if (!final) {
            next = INCOMPLETE;
            break fieldLoop;
          }
          end = n;
          if (fields.length === 0) {
            next = BLANK;
            break fieldLoop;
          }
          fields.push('');
          next = n;
          break fieldLoop;
        }

        if (c === QUOTE) {
          // Quoted field: runs to a quote that is not doubled.
          let value = '';
          let q = p + 1;
          for (;;) {
            const k = buf.indexOf('"', q);
            if (k === -1) {
              if (final) {
                const line = this.lineAt(start);
                this.checkLength(start, n, fields.length, line);
                throw new CsvScanError('unclosed_quote', line, fields.length);
              }
              next = INCOMPLETE;
              break fieldLoop;
            }
            if (k + 1 >= n) {
              if (!final) {
                next = INCOMPLETE;
                break fieldLoop;
              }
              fields.push(value + buf.slice(q, k));
              end = n;
              next = n;
              break fieldLoop;
            }
            const after = buf.charCodeAt(k + 1);
            if (after === QUOTE) {
              value += buf.slice(q, k + 1);
              q = k + 2;
              continue;
            }
            value += buf.slice(q, k);
            if (after === dc) {
              fields.push(value);
              p = k + 2;
              continue fieldLoop;
            }
            if (after === LF || after === CR) {
              const t = this.lineEnd(k + 1, final);
              if (t === INCOMPLETE) {
                next = INCOMPLETE;
                break fieldLoop;
              }
              if (t > 0) {
                fields.push(value);
                end = k + 1;
                next = k + 1 + t;
                break fieldLoop;
              }
            }
            // A closing quote followed by other text: the field is literal text from here on.
            value = `"${value}"`;
            p = k + 1;
            const e = this.unquotedEnd(p, final, dPos, lfPos, crPos);
            dPos = this.dPos;
            lfPos = this.lfPos;
            crPos = this.crPos;
            if (e === INCOMPLETE) {
              next = INCOMPLETE;
              break fieldLoop;
            }
            fields.push(value + buf.slice(p, this.fieldEnd));
            if (this.termLength === 0) {
              p = e;
              continue fieldLoop;
            }
            end = this.fieldEnd;
            next = e;
            break fieldLoop;
          }
        }

        if (c === dc) {
          fields.push('');
          p++;
          continue;
        }

        if (c === LF || c === CR) {
          const t = this.lineEnd(p, final);
          if (t === INCOMPLETE) {
            next = INCOMPLETE;
            break fieldLoop;
          }
          // (t is never 0 here: a CR that is data was skipped as whitespace.)
          end = p;
          if (fields.length === 0) {
            next = BLANK;
            start = p + t;
            continue records;
          }
          fields.push('');
          next = p + t;
          break fieldLoop;
        }

        // Unquoted field. Fast path for LF / CRLF files: the nearer of the delimiter and LF.
        if (this.mode === NEWLINE) {
          if (dPos < p) {
            dPos = buf.indexOf(delim, p);
            if (dPos === -1) dPos = n;
          }
          if (dPos < lfPos) {
            // Delimiter first (dPos < n since lfPos <= n).
            fields.push(buf.slice(p, dPos));
            p = dPos + 1;
            continue;
          }
          if (lfPos < p) {
            lfPos = buf.indexOf('\n', p);
            if (lfPos === -1) lfPos = n;
          }
          if (dPos < lfPos) {
            fields.push(buf.slice(p, dPos));
            p = dPos + 1;
            continue;
          }
          if (lfPos < n) {
            end = lfPos > p && buf.charCodeAt(lfPos - 1) === CR ? lfPos - 1 : lfPos;
            fields.push(buf.slice(p, end));
            next = lfPos + 1;
            break fieldLoop;
          }
          if (!final) {
            next = INCOMPLETE;
            break fieldLoop;
          }
          fields.push(buf.slice(p, n));
          end = n;
          next = n;
          break fieldLoop;
        }
        const e = this.unquotedEnd(p, final, dPos, lfPos, crPos);
        dPos = this.dPos;
        lfPos = this.lfPos;
        crPos = this.crPos;
        if (e === INCOMPLETE) {
          next = INCOMPLETE;
          break fieldLoop;
        }
        fields.push(buf.slice(p, this.fieldEnd));
        if (this.termLength === 0) {
          p = e;
          continue;
        }
        end = this.fieldEnd;
        next = e;
        break fieldLoop;
      }

      if (next === INCOMPLETE) {
        // Keep the record's text for the next push; give up if it is already too long.
        const line = this.lineAt(start);
        if (max > 0) this.checkLength(start, n, fields.length, line);
        this.buf = buf.slice(start);
        this.pos = this.countedTo = 0;
        this.nextLf = -2;
        return;
      }
      if (next === BLANK) break;
      const line = this.lineAt(start);
      if (max > 0 && (end - start) * 3 > max) this.checkRecord(start, end, fields, line);
      this.onRecord(fields, line);
      start = next;
      if (start >= n) break;
    }
    this.lineAt(Math.min(start, n));
    this.buf = '';
    this.pos = this.countedTo = 0;
    this.nextLf = -2;
  }

  /**
   * Finds the end of unquoted text starting at `p` (also used after a relaxed closing quote).
   * Returns where scanning continues (after the delimiter or line end) or INCOMPLETE; sets
   * `fieldEnd` and `termLength` (0 when a delimiter ended the field).
   */
  private unquotedEnd(p: number, final: boolean, dPos: number, lfPos: number, crPos: number): number {
    const buf = this.buf;
    const n = buf.length;
    for (;;) {
      if (dPos < p) {
        dPos = buf.indexOf(this.delimiter, p);
        if (dPos === -1) dPos = n;
      }
      if (lfPos < p) {
        lfPos = buf.indexOf('\n', p);
        if (lfPos === -1) lfPos = n;
      }
      if (crPos < p) {
        crPos = buf.indexOf('\r', p);
        if (crPos === -1) crPos = n;
      }
      this.dPos = dPos;
      this.lfPos = lfPos;
      this.crPos = crPos;
      const e = Math.min(dPos, lfPos, crPos);
      if (e >= n) {
        if (!final) return INCOMPLETE;
        this.fieldEnd = n;
        this.termLength = 1;
        return n;
      }
      if (e === dPos) {
        this.fieldEnd = e;
        this.termLength = 0;
        return e + 1;
      }
      const t = this.lineEnd(e, final);
      if (t === INCOMPLETE) return INCOMPLETE;
      if (t === 0) {
        // A lone CR in an LF / CRLF file is data.
        p = e + 1;
        continue;
      }
      this.fieldEnd = e;
      this.termLength = t;
      return e + t;
    }
  }

  /**
   * Length of the line end at `i` (an LF or CR outside quotes): 1 or 2, 0 when a lone CR is data,
   * or INCOMPLETE when a CR is the last character seen. Learns the file's line end on first use.
   */
  private lineEnd(i: number, final: boolean): number {
    const buf = this.buf;
    if (buf.charCodeAt(i) === LF) {
      if (this.mode === UNKNOWN) this.mode = NEWLINE;
      return 1;
    }
    if (i + 1 >= buf.length && !final) return INCOMPLETE;
    if (buf.charCodeAt(i + 1) === LF) {
      if (this.mode === UNKNOWN) this.mode = NEWLINE;
      return 2;
    }
    if (this.mode === UNKNOWN) this.mode = RETURN;
    return this.mode === RETURN ? 1 : 0;
  }

  /** Throws `record_too_long` when the text from `start` to `end` exceeds the limit. */
  private checkLength(start: number, end: number, field: number, line: number): void {
    const max = this.maxRecordBytes;
    if (max <= 0 || (end - start) * 3 <= max) return;
    if (end - start > max || Buffer.byteLength(this.buf.slice(start, end)) > max) {
      throw new CsvScanError('record_too_long', line, field);
    }
  }

  /** Like {@link checkLength} for a complete record, naming the field where the limit is crossed. */
  private checkRecord(start: number, end: number, fields: string[], line: number): void {
    if (Buffer.byteLength(this.buf.slice(start, end)) <= this.maxRecordBytes) return;
    let total = 0;
    let field = fields.length - 1;
    for (let i = 0; i < fields.length; i++) {
      total += Buffer.byteLength(fields[i] ?? '') + (i > 0 ? 1 : 0);
      if (total > this.maxRecordBytes) {
        field = i;
        break;
      }
    }
    throw new CsvScanError('record_too_long', line, field);
  }
}
