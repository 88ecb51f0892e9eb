import type { RequiredProperty } from '../connectors/target-setup.js';
import type { LaneContract } from '../contract/index.js';
import { DEFAULT_ANCHOR_PROPERTY } from './lane-plan.js';
import { PROVENANCE_PROPERTY } from './values-policy.js';

/**
 * The properties Lanekeeper writes on each object of `system`, from the lanes writing to it: the anchor
 * (unique values: upserts find a record by it), the provenance property, and every property a lane maps.
 * One entry per object and property, with the first reason found.
 */
export function requiredProperties(contracts: readonly LaneContract[], system: string): RequiredProperty[] {
  const out = new Map<string, RequiredProperty>();
  const add = (property: RequiredProperty): void => {
    const key = `${property.object}\u0000${property.name}`;
    const seen = out.get(key);
    if (seen === undefined) out.set(key, property);
    else if (property.unique && !seen.unique) out.set(key, { ...seen, unique: true, why: property.why });
  };
  for (const contract of contracts) {
    const flow = contract.flow;
    if (flow === null || flow.target.system !== system) continue;
    const object = flow.target.object;
    const anchor = flow.target.anchorProperty ?? DEFAULT_ANCHOR_PROPERTY;
    add({ object, name: anchor, unique: true, why: 'anchor' });
    add({ object, name: PROVENANCE_PROPERTY, unique: false, why: 'provenance' });
    for (const field of flow.fields)
      if (field.property !== undefined)
        add({ object, name: field.property, unique: false, why: `mapped by lane ${contract.lane ?? '?'}` });
  }
  return [...out.values()];
}
