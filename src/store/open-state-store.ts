import { PostgresStateStore } from './postgres/postgres-state-store.js';
import { SqliteStateStore } from './sqlite/sqlite-state-store.js';
import type { StateStore } from './state-store.js';

export type StateStoreConfig =
  /** One file (or `:memory:`), one gateway process. */
  | { readonly kind: 'sqlite'; readonly path: string }
  /** Any number of gateway processes; `schema` defaults to `lanekeeper`. */
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string };

/** Opens the configured store and applies pending migrations before handing it out. */
export async function openStateStore(config: StateStoreConfig): Promise<StateStore> {
  const store: StateStore =
    config.kind === 'sqlite'
      ? new SqliteStateStore({ path: config.path })
      : new PostgresStateStore({
          connectionString: config.url,
          ...(config.schema === undefined ? {} : { schema: config.schema }),
        });
  try {
    await store.migrate();
  } catch (error) {
    await store.close().catch(() => {});
    throw error;
  }
  return store;
}
