import { HttpError } from './http-error.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads a request body as UTF-8 text, refusing more than `maxBytes` (by Content-Length before reading, and
 * by counting while reading when the length is not declared) and invalid UTF-8.
 */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  const body = request.body;
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new HttpError('invalid_encoding', 'the body is not valid UTF-8', '');
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError('body_too_large', `the body is larger than ${maxBytes} bytes; split it`, '');
}

/** Media types the server reads, by their `type/subtype`. */
export type MediaTypes<T extends string> = Readonly<Record<string, T>>;

/** The body's media type, from a closed set; anything else (or a charset other than UTF-8) is a 415. */
export function mediaTypeOf<T extends string>(request: Request, accepted: MediaTypes<T>): T {
  const header = request.headers.get('content-type') ?? '';
  const [essence = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  const kind = Object.hasOwn(accepted, essence) ? accepted[essence] : undefined;
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (kind === undefined || (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')) {
    throw new HttpError(
      'unsupported_media_type',
      `Content-Type must be one of ${Object.keys(accepted).join(', ')} (UTF-8)`,
      'header.content-type',
    );
  }
  return kind;
}
