/** One version of a backend's schema. A released version never changes: a change is a new version. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** Statements applied in the migration's transaction. */
  readonly sql: string;
}
