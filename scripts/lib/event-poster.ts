import { setTimeout as sleep } from 'node:timers/promises';
import type { Submission } from '../../src/gate/gate-port.js';

/** One event to post to a lane of a gateway. */
export interface Posting {
  readonly lane: string;
  readonly submission: Submission;
}

/** The gateway's 202 for one event: durable under this id (`duplicate`: the key was seen before). */
export interface Ack {
  readonly id: string;
  readonly duplicate: boolean;
}

export interface PostOptions {
  /** The gateway to post to now; `undefined` while none is up. Asked again before every attempt. */
  readonly target: () => string | undefined;
  readonly laneTokens: Readonly<Record<string, string>>;
  /** Events per request (consecutive postings of one lane). */
  readonly batchSize?: number;
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Called after every acknowledged request with the number of events acknowledged so far. */
  readonly onProgress?: (acknowledged: number) => void;
  /** Gives up on a request after this long without an answer (then tries again). */
  readonly requestTimeoutMs?: number;
}

export interface PostResult {
  /** The acknowledgement of each posting, by index. */
  readonly acks: readonly Ack[];
  readonly requests: number;
  /** Attempts that got no answer (the gateway was down or died mid-request) and were made again. */
  readonly resent: number;
  /** Attempts answered with a 5xx status (sent again, as a webhook sender would), by status. */
  readonly serverErrors: Readonly<Record<string, number>>;
}

/**
 * Posts every event until the gateway acknowledges it, as a webhook sender does: a request that gets no
 * answer (connection refused, reset, cut off by a crash) or a 5xx is sent again with the same event keys, so
 * the gateway must recognise the replays. 5xx answers are counted; a 4xx is a failure of the run.
 */
export async function postAll(postings: readonly Posting[], options: PostOptions): Promise<PostResult> {
  const batches = batchesOf(postings, options.batchSize ?? 20);
  const acks: Ack[] = new Array<Ack>(postings.length);
  let next = 0;
  let acknowledged = 0;
  let requests = 0;
  let resent = 0;
  const serverErrors: Record<string, number> = {};
  const worker = async (): Promise<void> => {
    for (let b = next++; b < batches.length; b = next++) {
      const batch = batches[b]!;
      for (;;) {
        const url = options.target();
        if (url === undefined) {
          await sleep(20);
          continue;
        }
        requests++;
        const answer = await postBatch(url, batch, postings, options);
        if (answer === undefined || typeof answer === 'number') {
          if (answer === undefined) resent++;
          else serverErrors[answer] = (serverErrors[answer] ?? 0) + 1;
          await sleep(answer === undefined ? 20 : 200);
          continue;
        }
        answer.forEach((ack, i) => (acks[batch.start + i] = ack));
        acknowledged += answer.length;
        options.onProgress?.(acknowledged);
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return { acks, requests, resent, serverErrors };
}

interface Batch {
  readonly start: number;
  readonly count: number;
}

function batchesOf(postings: readonly Posting[], size: number): Batch[] {
  const out: Batch[] = [];
  let start = 0;
  while (start < postings.length) {
    const lane = postings[start]!.lane;
    let count = 1;
    while (count < size && postings[start + count]?.lane === lane) count++;
    out.push({ start, count });
    start += count;
  }
  return out;
}

/** One attempt: the acknowledgements, a 5xx status, or `undefined` when no answer came. */
async function postBatch(
  url: string,
  batch: Batch,
  postings: readonly Posting[],
  options: PostOptions,
): Promise<Ack[] | number | undefined> {
  const slice = postings.slice(batch.start, batch.start + batch.count);
  const lane = slice[0]!.lane;
  const body = slice.map(({ submission }) => ({
    ...(submission.eventKey === undefined ? {} : { event_key: submission.eventKey }),
    payload: submission.payload,
  }));
  let response: Response;
  let text: string;
  try {
    response = await fetch(`${url}/v1/lanes/${encodeURIComponent(lane)}/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.laneTokens[lane] ?? ''}`,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch {
    return undefined;
  }
  if (response.status >= 500) return response.status;
  if (response.status !== 202) {
    const code = (safeJson(text) as { code?: string } | undefined)?.code ?? 'no code';
    throw new Error(`POST to lane ${lane} answered HTTP ${response.status} (${code})`);
  }
  const events = (safeJson(text) as { events?: Ack[] } | undefined)?.events;
  if (events?.length !== slice.length)
    throw new Error(`POST to lane ${lane} acknowledged ${events?.length ?? 0} of ${slice.length} events`);
  return events.map((e) => ({ id: e.id, duplicate: e.duplicate }));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
