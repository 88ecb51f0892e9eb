import { PeopleFactory, type DemoPerson } from '../../src/demo/demo-people.js';
import { createRandom } from '../../src/generate/random.js';
import type { TruthPosting } from '../../scripts/lib/check-run.js';
import { helpDeskPosting, webFormPosting } from '../../scripts/lib/person-deliveries.js';

export interface Workload {
  readonly postings: readonly TruthPosting[];
  readonly people: number;
  /** Events about a person an earlier event was already about. */
  readonly repeats: number;
}

/**
 * A stream of web form (70%) and help desk (30%) deliveries in which `repeatShare` of the events are about
 * a person seen before (drawn uniformly from everyone so far) and the rest introduce a new person; people
 * are the demo's mix (work and personal addresses, phone-only requesters, shared role mailboxes, families).
 */
export function gateWorkload(options: { events: number; repeatShare: number; seed: number }): Workload {
  const rng = createRandom(options.seed);
  const factory = new PeopleFactory(rng, options.events);
  const seen: DemoPerson[] = [];
  const waiting: DemoPerson[] = [];
  const deliveries = new Map<number, number>();
  const postings: TruthPosting[] = [];
  let repeats = 0;
  let ticket = 0;
  for (let i = 0; i < options.events; i++) {
    let person: DemoPerson;
    if (seen.length > 0 && rng.chance(options.repeatShare)) {
      person = rng.pick(seen);
      repeats++;
    } else {
      if (waiting.length === 0) waiting.push(...factory.next());
      person = waiting.shift()!;
      seen.push(person);
    }
    const n = deliveries.get(person.id) ?? 0;
    deliveries.set(person.id, n + 1);
    const byForm = person.kind !== 'phone_only' && rng.chance(0.7);
    postings.push(byForm ? webFormPosting(rng, person, n) : helpDeskPosting(rng, person, n, ++ticket));
  }
  return { postings, people: seen.length, repeats };
}
