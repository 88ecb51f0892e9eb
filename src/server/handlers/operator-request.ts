import { z } from 'zod';

/** Every operator action names who took it and why; both end up in the event's lineage. */
export const operatorAndReason = {
  operator: z.string().trim().min(1, 'operator must name who takes the action').max(200),
  reason: z.string().trim().min(1, 'reason must say why').max(2000),
};
