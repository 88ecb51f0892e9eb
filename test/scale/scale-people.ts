import { PeopleFactory, type DemoPerson } from '../../src/demo/demo-people.js';
import { createRandom, type Random } from '../../src/generate/random.js';
import type { TruthPosting } from '../../scripts/lib/check-run.js';
import { helpDeskPosting, webFormPosting } from '../../scripts/lib/person-deliveries.js';

/** A posting and the gateway process it goes to. */
export interface RoutedPosting extends TruthPosting {
  readonly process: number;
  /** The same event (same key) sent to one more process, as a webhook re-delivery. */
  readonly replay: boolean;
}

export interface ScalePeople {
  readonly people: readonly DemoPerson[];
  readonly postings: readonly RoutedPosting[];
}

const REPLAY_RATE = 0.05;

/**
 * `count` distinct people who each write 2–5 times, through the web form and the help desk, to different
 * gateway processes, with different event keys: email case and Gmail drift, phone formats, nicknames, "Last,
 * First" names; some have no email (help desk by phone). Every delivery of a person carries a key all of
 * theirs share (the address, or the phone when they have no address), so the one right answer is exactly
 * one record per person. A few deliveries are sent again to another process with the same key.
 *
 * Each process's queue is in person order, so that all processes post one person's deliveries at about
 * the same moment: the race the store's locks and claims must win.
 */
export function scalePeople(options: { count: number; processes: number; seed: number }): ScalePeople {
  const rng = createRandom(options.seed);
  const factory = new PeopleFactory(rng, options.count);
  const people: DemoPerson[] = [];
  while (people.length < options.count) {
    for (const person of factory.next()) {
      if (people.length < options.count && ['work', 'personal', 'phone_only'].includes(person.kind))
        people.push(person);
    }
  }
  const postings: RoutedPosting[] = [];
  let ticket = 0;
  for (const person of people) {
    const count = 2 + rng.int(4);
    const order = shuffled(
      rng,
      Array.from({ length: options.processes }, (_, i) => i),
    );
    for (let j = 0; j < count; j++) {
      const process = order[j % order.length]!;
      const form = rng.chance(person.kind === 'phone_only' ? 0.5 : 0.55);
      const posting = form ? webFormPosting(rng, person, j) : helpDeskPosting(rng, person, j, ++ticket);
      postings.push({ ...posting, process, replay: false });
      if (rng.chance(REPLAY_RATE))
        postings.push({
          ...posting,
          process: (process + 1 + rng.int(options.processes - 1)) % options.processes,
          replay: true,
        });
    }
  }
  return { people, postings };
}

function shuffled<T>(rng: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
