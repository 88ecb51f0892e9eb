import type { GateEvent } from '../gate/gate-events.js';
import type { Logger } from './server-logger.js';

/**
 * One log line per gate event: ids, lane, status, decision and timings. Error texts from targets are left
 * out (a CRM's validation message may quote a field value).
 */
export function logGateEvent(logger: Logger): (event: GateEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'event_finished':
        logger.info(
          {
            eventId: event.eventId,
            lane: event.lane,
            status: event.status,
            decision: event.decision,
            operation: event.operation,
            gateMs: event.gateMs,
            targetMs: event.targetMs,
            apiCalls: event.apiCalls,
          },
          'event finished',
        );
        return;
      case 'event_retry':
        logger.warn(
          { eventId: event.eventId, lane: event.lane, attempt: event.attempt, delayMs: event.delayMs },
          'event retry scheduled',
        );
        return;
      case 'protected_value_kept':
        logger.warn(
          { eventId: event.eventId, lane: event.lane, property: event.property, heldBy: event.heldBy },
          'protected value kept',
        );
        return;
      case 'target_down':
        logger.warn(
          { system: event.system, reason: event.reason, lanes: event.lanes },
          'target down: its lanes wait, probing',
        );
        return;
      case 'target_up':
        logger.info(
          { system: event.system, downMs: event.downMs, probes: event.probes },
          'target up: its lanes resume',
        );
        return;
      case 'worker_error':
        logger.error({ worker: event.worker }, 'gate worker error');
        return;
      case 'lane_paused':
        logger.warn(
          {
            lane: event.lane,
            cause: event.cause,
            by: event.actor,
            // An operator's reason is free text (it is kept in the lane's lineage); the breaker's is ours.
            ...(event.cause === 'max_creates'
              ? { reason: event.reason, creates: event.creates, limit: event.limit }
              : {}),
          },
          event.cause === 'max_creates' ? 'lane paused: circuit breaker tripped' : 'lane paused',
        );
        return;
      case 'lane_resumed':
        logger.info({ lane: event.lane, by: event.actor }, 'lane resumed');
        return;
      case 'event_before_since':
        logger.info(
          { eventId: event.eventId, lane: event.lane, undated: event.undated },
          'event before the lane start date: not synced',
        );
        return;
      case 'index_progress':
        logger.info(
          { scope: event.scope, loaded: event.loaded, done: event.done },
          event.done ? 'target index loaded' : 'target index loading',
        );
        return;
      case 'index_refreshed':
        if (event.changed + event.repointed + event.removed > 0)
          logger.info(
            {
              scope: event.scope,
              changed: event.changed,
              repointed: event.repointed,
              removed: event.removed,
            },
            'target index refreshed',
          );
        return;
      case 'index_error':
        logger.error({ scope: event.scope, error: event.error }, 'target index load or refresh failed');
        return;
    }
  };
}
