import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GateEvent } from '../gate/gate-events.js';
import type { StateStore } from '../store/state-store.js';
import { EVENT_STATUSES } from '../store/state-store.js';

/**
 * The gateway's Prometheus metrics, in a registry of its own (several servers may run in one process).
 * Queue gauges are read from the store at scrape time, so every gateway process reports the shared truth.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'route'>;
  readonly eventsAccepted: Counter<'lane' | 'duplicate'>;
  readonly decisions: Counter<'lane' | 'decision'>;
  readonly authRefusals: Counter<'route' | 'status'>;
  readonly gateLatency: Histogram<'lane' | 'stage'>;
  readonly retries: Counter<'lane'>;
  readonly protectedValuesKept: Counter<'lane'>;
  readonly workerErrors: Counter;
  readonly breakerTrips: Counter<'lane'>;
  readonly eventsBeforeSince: Counter<'lane'>;
  readonly targetUp: Gauge<'system'>;
  readonly targetOutages: Counter<'system'>;

  /** `lanes`: the lanes the gateway serves, each with a `lanekeeper_lane_paused` gauge. */
  constructor(store: StateStore, lanes: readonly string[] = []) {
    const registers = [this.registry];
    this.httpRequests = new Counter({
      name: 'lanekeeper_http_requests_total',
      help: 'HTTP requests by route template, method and status',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.httpDuration = new Histogram({
      name: 'lanekeeper_http_request_duration_seconds',
      help: 'HTTP request duration by route template',
      labelNames: ['route'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.eventsAccepted = new Counter({
      name: 'lanekeeper_events_accepted_total',
      help: 'Events stored durably by lane; duplicate="true" for replays of a known event key',
      labelNames: ['lane', 'duplicate'],
      registers,
    });
    this.decisions = new Counter({
      name: 'lanekeeper_decisions_total',
      help: 'Gate decisions (match, new, review, block) by lane',
      labelNames: ['lane', 'decision'],
      registers,
    });
    this.authRefusals = new Counter({
      name: 'lanekeeper_auth_refusals_total',
      help: 'Requests refused for a missing or unknown token (401) or a token without access (403)',
      labelNames: ['route', 'status'],
      registers,
    });
    this.gateLatency = new Histogram({
      name: 'lanekeeper_gate_latency_seconds',
      help: 'Gate latency: stage="accept" from request to durable, stage="decide" the gate time of a decision',
      labelNames: ['lane', 'stage'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.retries = new Counter({
      name: 'lanekeeper_event_retries_total',
      help: 'Write attempts that failed and were scheduled again, by lane',
      labelNames: ['lane'],
      registers,
    });
    this.protectedValuesKept = new Counter({
      name: 'lanekeeper_protected_values_kept_total',
      help: 'Writes of a protected field refused because a higher-ranked source set it, by lane',
      labelNames: ['lane'],
      registers,
    });
    this.workerErrors = new Counter({
      name: 'lanekeeper_worker_errors_total',
      help: 'Unexpected errors in the gate workers',
      registers,
    });
    this.breakerTrips = new Counter({
      name: 'lanekeeper_circuit_breaker_trips_total',
      help: "Lanes paused by their circuit breaker (max_creates: the window's creates were used up), by lane",
      labelNames: ['lane'],
      registers,
    });
    this.eventsBeforeSince = new Counter({
      name: 'lanekeeper_events_before_since_total',
      help: "Events not synced because their record is older than the lane's start date (since), or undated",
      labelNames: ['lane'],
      registers,
    });
    new Gauge({
      name: 'lanekeeper_lane_paused',
      help: '1 while a lane is paused (circuit breaker or operator), else 0; as the store holds it',
      labelNames: ['lane'],
      registers,
      async collect() {
        const paused = new Set(
          (await store.laneStates()).filter((s) => s.pause !== undefined).map((s) => s.lane),
        );
        for (const lane of lanes) this.set({ lane }, paused.has(lane) ? 1 : 0);
      },
    });
    this.targetUp = new Gauge({
      name: 'lanekeeper_target_up',
      help: 'Whether a target system answers (1) or is down, its lanes held back (0); from its first outage on',
      labelNames: ['system'],
      registers,
    });
    this.targetOutages = new Counter({
      name: 'lanekeeper_target_outages_total',
      help: 'Times a target system was marked down (its lanes paused until a probe got an answer)',
      labelNames: ['system'],
      registers,
    });
    new Gauge({
      name: 'lanekeeper_review_queue_depth',
      help: 'Open review items',
      registers,
      async collect() {
        this.set((await store.listReview('open')).length);
      },
    });
    // Both dead-letter gauges are collected in the same scrape (in parallel): they share one read.
    let reading: ReturnType<typeof deadLetterQueue> | undefined;
    const readQueue = () => (reading ??= deadLetterQueue(store).finally(() => (reading = undefined)));
    new Gauge({
      name: 'lanekeeper_dead_letters',
      help: 'Events in the dead-letter queue',
      registers,
      async collect() {
        this.set((await readQueue()).count);
      },
    });
    new Gauge({
      name: 'lanekeeper_dead_letter_oldest_age_seconds',
      help: 'Age of the oldest event in the dead-letter queue (0 when empty)',
      registers,
      async collect() {
        const { oldest } = await readQueue();
        this.set(oldest === undefined ? 0 : Math.max(0, (Date.now() - oldest) / 1000));
      },
    });
    new Gauge({
      name: 'lanekeeper_events',
      help: 'Stored events by status',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await store.countByStatus();
        for (const status of EVENT_STATUSES) this.set({ status }, counts[status] ?? 0);
      },
    });
  }

  /** Subscribed to the gate's event map: decisions, retries, kept protected values, worker errors. */
  readonly onGateEvent = (event: GateEvent): void => {
    switch (event.type) {
      case 'target_down':
        this.targetUp.set({ system: event.system }, 0);
        this.targetOutages.inc({ system: event.system });
        return;
      case 'target_up':
        this.targetUp.set({ system: event.system }, 1);
        return;
      case 'event_finished':
        this.decisions.inc({ lane: event.lane, decision: event.decision });
        this.gateLatency.observe({ lane: event.lane, stage: 'decide' }, event.gateMs / 1000);
        return;
      case 'event_retry':
        this.retries.inc({ lane: event.lane });
        return;
      case 'protected_value_kept':
        this.protectedValuesKept.inc({ lane: event.lane });
        return;
      case 'worker_error':
        this.workerErrors.inc();
        return;
      case 'lane_paused':
        if (event.cause === 'max_creates') this.breakerTrips.inc({ lane: event.lane });
        return;
      case 'event_before_since':
        this.eventsBeforeSince.inc({ lane: event.lane });
        return;
      case 'lane_resumed':
        return;
    }
  };
}

/**
 * Events still dead-lettered, and when the oldest of them was. A replayed event leaves the queue while its
 * dead letter stays on record, so letters are checked against their event's status when the counts differ.
 */
async function deadLetterQueue(store: StateStore): Promise<{ count: number; oldest: number | undefined }> {
  const count = (await store.countByStatus()).dead_letter;
  if (count === 0) return { count, oldest: undefined };
  let letters = await store.listDeadLetters();
  if (letters.length !== count) {
    const events = await Promise.all(letters.map((letter) => store.getEvent(letter.eventId)));
    letters = letters.filter((_, i) => events[i]?.status === 'dead_letter');
  }
  const times = letters.map((letter) => Date.parse(letter.createdAt));
  return { count, oldest: times.length === 0 ? undefined : Math.min(...times) };
}
