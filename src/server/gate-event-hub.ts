import type { GateEvent, GateListener } from '../gate/gate-events.js';

/** Fans the gate's events out to subscribers (metrics, logs); a failing subscriber never reaches the gate. */
export class GateEventHub {
  readonly #listeners = new Set<GateListener>();

  /** Hand this to the gate as its listener. */
  readonly emit: GateListener = (event: GateEvent) => {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A metrics or log subscriber failing must not fail the write path.
      }
    }
  };

  /** Returns the unsubscribe function. */
  subscribe(listener: GateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
