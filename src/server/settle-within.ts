const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits for `work` at most `ms` milliseconds: `true` when it settled in time (a rejection counts as settled),
 * `false` when the time ran out first. The work goes on in the background either way.
 */
export async function settleWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  // Node fires a timer longer than 2^31 - 1 ms at once: such a bound is no bound.
  if (!(ms < MAX_TIMER_MS)) return settled;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
