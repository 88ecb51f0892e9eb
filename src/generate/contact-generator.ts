import { renderContact } from './contact-row.js';
import type { GeneratedContact } from './generated-contact.js';
import { PendingQueue } from './pending-queue.js';
import { createPersonFactory } from './person-factory.js';
import type { Person } from './person-factory.js';
import { createRandom } from './random.js';

export type { GeneratedContact } from './generated-contact.js';

export interface GenerateOptions {
  /** Total rows to produce. */
  readonly rows: number;
  /** Fraction of rows that are extra copies of an already generated person, in [0, 1). */
  readonly duplicateRate: number;
  readonly seed: number;
}

interface Pending {
  readonly person: Person;
  /** Truth number for a copy; 0 for a related new person (family member, namesake) not yet shown. */
  readonly truth: number;
}

/** Extra copies per duplicated person: 1 (cluster of 2) is the most common, up to 3 (cluster of 4). */
const EXTRA_COPIES = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3] as const;
const MEAN_EXTRA = 1.4;
const FAMILY_RATE = 0.012;
const NAMESAKE_RATE = 0.006;

/**
 * Streams synthetic CRM contacts. Every person's first row comes before their copies;
 * truth ids are numbered in order of first appearance, so the number of distinct people
 * equals the highest truth number seen. Same options → identical rows.
 */
export function* generateContacts(opts: GenerateOptions): Iterable<GeneratedContact> {
  const { rows, duplicateRate, seed } = opts;
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be an integer ≥ 1, got ${rows}`);
  if (!(duplicateRate >= 0 && duplicateRate < 1)) {
    throw new RangeError(`duplicateRate must be in [0, 1), got ${duplicateRate}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);

  const rng = createRandom(seed);
  const factory = createPersonFactory(rng, rows);
  const queue = new PendingQueue<Pending>();
  const targetCopies = Math.round(rows * duplicateRate);
  const logMaxDelay = Math.log(Math.max(2, rows));
  let emitted = 0;
  let copiesEmitted = 0;
  let pendingCopies = 0;
  let pendingPeople = 0;
  let people = 0;

  /** Copies land anywhere later in the file, with a lean towards soon after (re-submits, syncs). */
  const dueAfter = (): number => {
    const due = rng.chance(0.4) ? emitted + Math.floor(Math.exp(rng.next() * logMaxDelay)) : rows;
    return due < rows ? due : emitted + 1 + rng.int(Math.max(1, rows - emitted - 1));
  };

  const first = (person: Person): GeneratedContact => {
    const truth = ++people;
    const row = renderContact(
      person,
      { duplicate: false, moved: false },
      factory,
      rng,
      rowId(emitted + 1),
      truthId(truth),
    );
    const deficit = targetCopies - copiesEmitted - pendingCopies;
    if (deficit > 0) {
      const newSlots = rows - emitted - 1 - pendingCopies - pendingPeople - deficit;
      const wanted = newSlots > 0 ? deficit / (newSlots + 1) : deficit;
      let extra = 0;
      if (wanted >= MEAN_EXTRA) {
        extra =
          (EXTRA_COPIES[rng.int(EXTRA_COPIES.length)] ?? 1) +
          Math.round(rng.next() * 2 * (wanted - MEAN_EXTRA));
      } else if (rng.chance(wanted / MEAN_EXTRA)) {
        extra = EXTRA_COPIES[rng.int(EXTRA_COPIES.length)] ?? 1;
      }
      extra = Math.min(extra, deficit);
      for (let i = 0; i < extra; i++) queue.push(dueAfter(), { person, truth });
      pendingCopies += extra;
    }
    return row;
  };

  while (emitted < rows) {
    let row: GeneratedContact;
    if (queue.size > 0 && (queue.peekDue() <= emitted || queue.size >= rows - emitted)) {
      const next = queue.pop() as Pending;
      if (next.truth === 0) {
        pendingPeople--;
        row = first(next.person);
      } else {
        pendingCopies--;
        copiesEmitted++;
        const person = next.person;
        let moved = false;
        if (person.job) {
          if (person.nextJob) moved = rng.chance(0.5);
          else if (rng.chance(0.07)) {
            person.nextJob = factory.nextJobFor(person);
            moved = true;
          }
        }
        row = renderContact(
          person,
          { duplicate: true, moved },
          factory,
          rng,
          rowId(emitted + 1),
          truthId(next.truth),
        );
      }
    } else if (rng.chance(FAMILY_RATE)) {
      const [a, b] = factory.newFamily();
      row = first(a);
      queue.push(dueAfter(), { person: b, truth: 0 });
      pendingPeople++;
    } else {
      const person = factory.newPerson();
      row = first(person);
      if (rng.chance(NAMESAKE_RATE)) {
        queue.push(dueAfter(), { person: factory.namesakeOf(person), truth: 0 });
        pendingPeople++;
      }
    }
    emitted++;
    yield row;
  }
}

function rowId(n: number): string {
  return `c${String(n).padStart(7, '0')}`;
}

function truthId(n: number): string {
  return `p${String(n).padStart(6, '0')}`;
}
