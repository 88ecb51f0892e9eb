import type { BufferedWriter } from '../io/atomic-output.js';
import { csvLine } from '../io/csv-format.js';
import type { PairScorer } from '../identity/pair-scorer.js';
import type { ScoredPair } from './score-pairs.js';

/**
 * `pairs.csv`: one row per `match` and `review` pair, matches first, each with its explanation. Written by
 * the main thread, or by the scoring thread while the main thread assembles clusters (the same rows).
 */
export async function writePairsCsv(
  file: BufferedWriter,
  idOf: (record: number) => string,
  matches: readonly ScoredPair[],
  reviews: readonly ScoredPair[],
  scorer: PairScorer,
): Promise<void> {
  await file.write(
    csvLine(['record_a', 'record_b', 'decision', 'probability', 'weight', 'rule', 'guards', 'explanation']),
  );
  for (const list of [matches, reviews]) {
    for (const pair of list) {
      const fields = scorer.evidenceText(pair.a, pair.b, pair.levels);
      await file.write(
        csvLine([
          idOf(pair.a),
          idOf(pair.b),
          pair.outcome.decision,
          pair.outcome.probability.toFixed(6),
          pair.outcome.weight.toFixed(2),
          pair.outcome.rule,
          pair.outcome.guards.join(' '),
          fields,
        ]),
      );
    }
  }
  await file.close();
}
