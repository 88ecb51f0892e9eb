import { doubleMetaphone } from 'double-metaphone';
import { foldText } from './text.js';

const SPACES = / /g;
const EMPTY_KEYS: readonly [string, string] = Object.freeze(['', ''] as const);

/** Primary and alternate Double Metaphone codes of a folded name (words joined, so `van Dyke` = `Vandyke`). */
export function phoneticKeys(name: string): readonly [string, string] {
  const folded = foldText(name).replace(SPACES, '');
  if (folded === '') return EMPTY_KEYS;
  return doubleMetaphone(folded);
}

/** Primary Double Metaphone code of a folded name ('' when empty). */
export function phoneticKey(name: string): string {
  return phoneticKeys(name)[0];
}
