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
    }
  };
}
