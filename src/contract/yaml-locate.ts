import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A path into the contract: map keys and sequence indices. */
export type YamlPath = readonly (string | number)[];

/** Where a path points in the file. `path` is the part of the requested path present in the YAML. */
export interface YamlLocation {
  readonly path: YamlPath;
  readonly line: number | null;
  readonly column: number | null;
}

/** `['identity', 'keys', 2, 'field']` → `identity.keys[2].field`; `[]` → `''`. */
export function formatYamlPath(path: YamlPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * Locates `path` in a document parsed with a `LineCounter`. When the path runs past what the file holds
 * (a missing key, or a shorthand such as `- email` for `{ field: email }`), the nearest present ancestor is
 * returned. Map entries resolve to the line of their key, so `thresholds:` followed by a block points at the
 * `thresholds:` line.
 */
export function locateYamlPath(doc: Document, lineCounter: LineCounter, path: YamlPath): YamlLocation {
  let node: unknown = doc.contents;
  let anchor: Node | null = isNode(node) ? node : null;
  const found: (string | number)[] = [];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      anchor = isNode(pair.key) ? pair.key : anchor;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item: unknown = node.items[segment];
      if (!isNode(item)) break;
      anchor = item;
      node = item;
    } else {
      break;
    }
    found.push(segment);
  }
  const offset = anchor?.range?.[0];
  if (offset === undefined) return { path: found, line: null, column: null };
  const { line, col } = lineCounter.linePos(offset);
  return { path: found, line, column: col };
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}
