/**
 * How far a commit has gone when a store call resolves (the port's durability rules, `state-store.ts`):
 *
 * - `durable`: on disk (SQLite `synchronous = FULL`; PostgreSQL with the server's `synchronous_commit`).
 *   For what is acknowledged outside: accepted events, operators' actions.
 * - `process`: in the database, to survive a crash of the gateway process (kill -9), and on disk with the
 *   next durable commit or checkpoint (SQLite WAL, `synchronous = NORMAL`; PostgreSQL
 *   `synchronous_commit = off`, flushed by the WAL writer within a fraction of a second). For the gate's
 *   steps after intake: a step lost to a power cut or a database crash leaves its event in an earlier,
 *   non-terminal state, and the gate does it again.
 *
 * Both databases write their log in commit order and flush a prefix of it, so a lost commit never has a
 * durable one after it, and what survives is consistent.
 */
export type Durability = 'durable' | 'process';
