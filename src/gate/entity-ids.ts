import { createHash } from 'node:crypto';

/**
 * Entity ids derived from what makes an entity, in the shape of a UUID (v4 layout, sha256 bits): the same
 * origin always gives the same id. The id is the record's anchor in the target, and every write of an
 * entity is an upsert by that anchor, so an attempt done again — after a crash, a timeout, or a step the
 * store lost to a power cut — writes to the record the earlier attempt made instead of making a second one.
 */
export function derivedEntityId(origin: string): string {
  const h = createHash('sha256').update(origin).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The entity an event creates when it decides `new`. */
export function newEntityOf(eventId: string): string {
  return derivedEntityId(`event:${eventId}`);
}

/** The entity of a review's `create`. */
export function reviewEntityOf(reviewId: string): string {
  return derivedEntityId(`review:${reviewId}`);
}

/** The entity an event gives to a target record another writer made (one Lanekeeper has not recorded). */
export function adoptedEntityOf(eventId: string, targetId: string): string {
  return derivedEntityId(`adopt:${eventId}:${targetId}`);
}

/** The entity of a target record the target index found without an anchor (one Lanekeeper did not write). */
export function indexedEntityOf(targetId: string): string {
  return derivedEntityId(`target:${targetId}`);
}
