/** Chunks joined per call at most (each is one argument of `concat`). */
const MAX_ARGUMENTS = 4096;

/**
 * Joins arrays built a chunk at a time into one packed array. Much cheaper than pushing every value into one
 * growing array: a million-long array that keeps receiving new strings costs the garbage collector dearly.
 */
export function concatChunks<T>(chunks: readonly (readonly T[])[]): T[] {
  if (chunks.length <= MAX_ARGUMENTS) return ([] as T[]).concat(...chunks);
  const half = chunks.length >> 1;
  return concatChunks(chunks.slice(0, half)).concat(concatChunks(chunks.slice(half)));
}
