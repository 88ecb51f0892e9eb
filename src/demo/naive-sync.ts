import { ConnectorError, type TargetConnector } from '../connectors/target-connector.js';
import type { LaneFlow } from '../contract/index.js';
import { propertiesOf } from '../gate/lane-plan.js';

/** One delivery for the naive sync: the lane's flow and the payload as posted. */
export interface NaiveDelivery {
  readonly flow: LaneFlow;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** What the naive sync did with one delivery. */
export interface NaiveWrite {
  /** The record written (created, or the existing one a conflict named). */
  readonly targetId?: string;
  readonly operation: 'create' | 'update' | 'failed';
  readonly error?: string;
}

/**
 * `create_first`: every delivery is a create (what most sync tools do); `search_first`: the CRM is
 * searched by the delivery's email and phone first and a record found is updated (what careful ones add);
 * `search_email_first`: the search-then-create of the usual recipe — look the email up, update the record
 * found with every value sent, else create.
 */
export type NaiveStrategy = 'create_first' | 'search_first' | 'search_email_first';

/**
 * The sync most integration tools run, for comparison: a create (after a search, for `search_first`);
 * when the CRM refuses it for a unique value (HubSpot's contact email) the record it names is updated
 * instead. No identity resolution, no locks, no event keys — each delivery, re-deliveries included, is
 * written. Deliveries are taken in order by `concurrency` workers, as the gate's workers take events.
 */
export async function runNaiveSync(
  connector: TargetConnector,
  deliveries: readonly NaiveDelivery[],
  concurrency: number,
  strategy: NaiveStrategy = 'create_first',
): Promise<NaiveWrite[]> {
  const results = new Array<NaiveWrite>(deliveries.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < deliveries.length; i = next++)
      results[i] = await writeOne(connector, deliveries[i]!, strategy);
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}

async function writeOne(
  connector: TargetConnector,
  delivery: NaiveDelivery,
  strategy: NaiveStrategy,
): Promise<NaiveWrite> {
  const properties = propertiesOf(delivery.flow, delivery.payload);
  const object = delivery.flow.target.object;
  try {
    if (strategy !== 'create_first') {
      const searched = strategy === 'search_first' ? ['email', 'phone'] : ['email'];
      const probes = delivery.flow.fields
        .filter((f) => f.identity !== undefined && searched.includes(f.identity) && f.property !== undefined)
        .flatMap((f) => {
          const value = properties[f.property!];
          return typeof value === 'string' ? [{ property: f.property!, value }] : [];
        });
      const [found] = probes.length === 0 ? [] : await connector.findByKeys(object, probes);
      if (found !== undefined) {
        await connector.update(object, found.id, properties);
        return { targetId: found.id, operation: 'update' };
      }
    }
    const record = await connector.create(object, properties);
    return { targetId: record.id, operation: 'create' };
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'conflict' && err.existingId !== undefined) {
      try {
        await connector.update(object, err.existingId, properties);
        return { targetId: err.existingId, operation: 'update' };
      } catch (inner) {
        return { operation: 'failed', error: kindOf(inner) };
      }
    }
    return { operation: 'failed', error: kindOf(err) };
  }
}

function kindOf(err: unknown): string {
  return err instanceof ConnectorError ? err.kind : err instanceof Error ? err.name : 'error';
}
