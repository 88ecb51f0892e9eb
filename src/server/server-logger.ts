import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The server's structured logger. Request lines carry method, route, status, duration, lane, user and event
 * ids — never bodies, payloads, tokens or error messages that may quote input. The redaction list is a
 * second line of defence for fields that must never be logged.
 */
export function createServerLogger(
  options: { level?: string; destination?: DestinationStream } = {},
): Logger {
  return pino(
    {
      name: 'lanekeeper',
      level: options.level ?? 'info',
      redact: {
        paths: [
          'authorization',
          'token',
          'payload',
          'body',
          '*.authorization',
          '*.token',
          '*.payload',
          '*.body',
          'headers',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
