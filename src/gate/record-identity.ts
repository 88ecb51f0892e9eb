import type { Properties } from '../connectors/target-connector.js';
import type { LanePlan } from './lane-plan.js';

/**
 * How the target index reads the identity of a target record of one scope: each identity field from the
 * properties the scope's lanes map it to (the first one holding a value). Identity fields only: nothing
 * else of a record is kept.
 */
export class RecordIdentity {
  /** Identity field → target properties, in lane order. */
  private readonly fields = new Map<string, string[]>();
  readonly anchorProperty: string;

  constructor(plans: readonly LanePlan[]) {
    const first = plans[0];
    if (first === undefined) throw new Error('a scope needs at least one lane');
    this.anchorProperty = first.anchorProperty;
    for (const plan of plans) {
      for (const field of plan.flow.fields) {
        if (field.identity === undefined || field.property === undefined) continue;
        const properties = this.fields.get(field.identity) ?? [];
        if (!properties.includes(field.property)) properties.push(field.property);
        this.fields.set(field.identity, properties);
      }
    }
  }

  /** The target properties to read: those of identity fields. */
  get properties(): string[] {
    return [...new Set([...this.fields.values()].flat())];
  }

  of(properties: Properties): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, names] of this.fields) {
      for (const name of names) {
        const value = properties[name];
        if (typeof value === 'string' && value.trim() !== '') {
          out[field] = value.trim();
          break;
        }
      }
    }
    return out;
  }

  /** The record's anchor, when it carries one. */
  anchorOf(properties: Properties): string | undefined {
    const value = properties[this.anchorProperty];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  }
}
