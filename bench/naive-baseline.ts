/**
 * The naive duplicate finder from the "How to Solve Duplicate Client Records with CRM Sync
 * Tools" article, reimplemented faithfully as a baseline:
 *
 *   1. normalize email (lower + trim) and group exact email duplicates;
 *   2. for the records whose email is not duplicated (`drop_duplicates(keep=False)`), compare
 *      all pairs i < j and link them when
 *      `fuzz.token_sort_ratio(full_name) > 85 and fuzz.ratio(company) > 90`.
 *
 * Clusters are the union of email groups and fuzzy pairs. Scores follow fuzzywuzzy: 0–100,
 * rounded to an integer; `token_sort_ratio` runs its default full_process (ASCII only,
 * non-alphanumerics to spaces, lower case), `ratio` compares raw strings.
 *
 * Blank emails behave as pandas NaN: `duplicated(keep=False)` marks every blank row as a
 * duplicate, so none of them reaches the fuzzy stage, and grouping drops them (groupby's
 * `dropna`). A blank company cannot pass the company test (fuzzywuzzy scores an empty
 * string 0; the article's script would raise on NaN).
 */
import { ratio, tokenSortRatio } from '../src/identity/comparators/index.js';
import { writeCsv } from '../src/generate/write-csv.js';
import { DisjointSet } from '../src/detect/disjoint-set.js';

export interface NaiveRow {
  readonly id: string;
  readonly first_name: string;
  readonly last_name: string;
  readonly email: string;
  readonly company: string;
}

export interface NaiveResult {
  /** Record id → cluster id (the id of the cluster's first record in input order). */
  readonly clusters: Map<string, string>;
  /** Fuzzy comparisons made: n·(n−1)/2 over the records with a unique email. */
  readonly pairsCompared: number;
}

const NAME_THRESHOLD = 85;
const COMPANY_THRESHOLD = 90;

/** Python's round(): halves go to the even neighbour. */
function pyRound(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** fuzzywuzzy `full_process(s, force_ascii=True)`. */
function fullProcess(s: string): string {
  return s
    .replace(/[\u0080-\uffff]/g, '')
    .replace(/[^A-Za-z0-9_]/g, ' ')
    .toLowerCase()
    .trim();
}

/** fuzzywuzzy `fuzz.token_sort_ratio` (0–100) of two strings already through `fullProcess`. */
function tokenSortScore(pa: string, pb: string): number {
  if (pa.length === 0 || pb.length === 0) return 0;
  return pyRound(100 * tokenSortRatio(pa, pb));
}

/** fuzzywuzzy `fuzz.ratio` (0–100): equal strings score 100, an empty one 0. */
function ratioScore(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  if (a === b) return 100;
  return pyRound(100 * ratio(a, b));
}

/** Runs the article's two-step matcher over an export. */
export function naiveBaseline(rows: readonly NaiveRow[]): NaiveResult {
  const sets = new DisjointSet(rows.length);

  // Step 1: exact duplicates on the normalized email.
  const emails = rows.map((r) => r.email.toLowerCase().trim());
  const firstWithEmail = new Map<string, number>();
  const counts = new Map<string, number>();
  emails.forEach((email, i) => {
    counts.set(email, (counts.get(email) ?? 0) + 1);
    if (email === '') return;
    const first = firstWithEmail.get(email);
    if (first === undefined) firstWithEmail.set(email, i);
    else sets.union(first, i);
  });

  // Step 2: all pairs among records whose email occurs once.
  const unique: number[] = [];
  emails.forEach((email, i) => {
    if (counts.get(email) === 1) unique.push(i);
  });
  const names = unique.map((i) => fullProcess(`${rows[i]!.first_name} ${rows[i]!.last_name}`));
  const companies = unique.map((i) => rows[i]!.company);
  let pairsCompared = 0;
  for (let a = 0; a < unique.length; a++) {
    for (let b = a + 1; b < unique.length; b++) {
      pairsCompared++;
      if (
        tokenSortScore(names[a]!, names[b]!) > NAME_THRESHOLD &&
        ratioScore(companies[a]!, companies[b]!) > COMPANY_THRESHOLD
      ) {
        sets.union(unique[a]!, unique[b]!);
      }
    }
  }

  // Cluster id: the id of the cluster's first record in input order.
  const firstOfRoot = new Map<number, string>();
  const clusters = new Map<string, string>();
  rows.forEach((row, i) => {
    const root = sets.find(i);
    if (!firstOfRoot.has(root)) firstOfRoot.set(root, row.id);
    clusters.set(row.id, firstOfRoot.get(root)!);
  });
  return { clusters, pairsCompared };
}

/** Writes clusters as `id,cluster_id` CSV for scoring. */
export async function writeClusters(path: string, clusters: ReadonlyMap<string, string>): Promise<number> {
  function* rows(): Iterable<Record<'id' | 'cluster_id', string>> {
    for (const [id, clusterId] of clusters) yield { id, cluster_id: clusterId };
  }
  return writeCsv(path, ['id', 'cluster_id'] as const, rows());
}
