/** A command line the CLI cannot run: wrong flag, missing argument. Exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'usage';
}
