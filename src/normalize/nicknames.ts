import { NICKNAME_TABLE } from './nickname-table.js';
import { foldText } from './text.js';

/** Folded given name → the group ids it belongs to (its own group first). */
const GROUPS: ReadonlyMap<string, readonly string[]> = buildGroups();

function buildGroups(): Map<string, readonly string[]> {
  const groups = new Map<string, string[]>();
  const add = (name: string, group: string): void => {
    const list = groups.get(name);
    if (list === undefined) groups.set(name, [group]);
    else if (!list.includes(group)) list.push(group);
  };
  for (const [group] of NICKNAME_TABLE) add(group, group);
  for (const [group, variants] of NICKNAME_TABLE) for (const v of variants.split(' ')) add(v, group);
  return groups;
}

function lookup(name: string): readonly string[] | undefined {
  return GROUPS.get(name) ?? GROUPS.get(foldText(name));
}

/**
 * The nickname groups a given name belongs to (`bob` → `['robert']`, `alex` → `['alexander',
 * 'alexandra', 'alexis']`); an unknown name is its own group.
 */
export function givenNameVariants(name: string): readonly string[] {
  const groups = lookup(name);
  if (groups !== undefined) return groups;
  const folded = foldText(name);
  return folded === '' ? [] : [folded];
}

/** Whether the name is in the nickname table (a known given name, not a typo or a rare name). */
export function isKnownGivenName(name: string): boolean {
  return lookup(name) !== undefined;
}

/** Whether two given names share a nickname group (`bob` ~ `robert`, `liz` ~ `beth`). */
export function sameGivenName(a: string, b: string): boolean {
  if (a === b) return a !== '';
  const ga = lookup(a);
  const gb = lookup(b);
  if (ga === undefined || gb === undefined) {
    const fa = foldText(a);
    return fa !== '' && fa === foldText(b);
  }
  for (const g of ga) if (gb.includes(g)) return true;
  return false;
}
