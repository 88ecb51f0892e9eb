export const MAIN_HELP = `lanekeeper — identity-first gateway for CRM syncs

Usage: lanekeeper <command> [options]

Commands:
  audit INPUT      find the duplicates already in a CRM export (CSV, JSONL, Parquet)
  evaluate         score an audit's clusters against a ground-truth column
  generate         write realistic synthetic CRM contacts with a truth column
  help [COMMAND]   show help for a command

Options:
  -h, --help       show help
  -v, --version    show the version
`;

export const AUDIT_HELP = `Usage: lanekeeper audit INPUT [options]

Finds duplicate clusters in INPUT, proposes a golden record and a merge plan per cluster, and writes a report.

Options:
  --preset person|company   built-in match rules (default: person)
  --contract FILE           lane contract (YAML) whose identity section gives the rules
  --map TYPE=COLUMN         read field TYPE (or a field name of the rules) from COLUMN; repeatable.
                            --map string=COLUMN adds COLUMN as a plain string field to compare
  --id COLUMN               column holding the record id (default: recognised, else file:line)
  --link INPUT2             link INPUT with INPUT2 instead of deduplicating INPUT
  --out DIR                 where to write the outputs (default: lanekeeper-audit)
  --json                    print the summary as JSON on stdout
  --seed N                  seed of the parameter estimation samples (default: 42)
  --max-block-size N        blocks larger than this are compared by a sorted window (default: 100)
  --threads 1|2             scoring threads (default: a worker thread joins from 300,000 candidate pairs)

Writes to DIR: clusters.csv, pairs.csv, merge-plan.json, report.html, summary.json.
`;

export const EVALUATE_HELP = `Usage: lanekeeper evaluate --clusters DIR/clusters.csv --truth FILE --truth-column COL [options]

Pairwise precision/recall/F1 and B-cubed of an audit's clusters against ground truth, and the precision of
its match decisions (read from pairs.csv next to clusters.csv).

Options:
  --clusters FILE         clusters.csv written by lanekeeper audit
  --truth FILE            the input(s) with the truth column; repeat for the two inputs of --link
  --truth-column COL      column naming the true entity of each record
  --truth-pattern REGEX   take the entity from the first capture group of REGEX applied to the truth column
                          (e.g. '^(rec-\\d+)' for Febrl's rec-12-org / rec-12-dup-0)
  --id COLUMN             id column of the truth file(s) (default: recognised, as in audit)
  --pairs FILE            pairs.csv (default: next to --clusters)
  --json                  print the figures as JSON
`;

export const GENERATE_HELP = `Usage: lanekeeper generate --rows N --duplicate-rate R --seed S --out FILE

Writes realistic synthetic CRM contacts (nicknames, typos, email and phone format drift, company suffix
variants, shared role addresses, families sharing an email, namesakes at other companies) with a truth_id
column. The same seed gives the same file.

Options:
  --rows N              number of rows (required)
  --duplicate-rate R    share of rows that are extra copies of an earlier person, 0 ≤ R < 1 (default: 0.2)
  --seed S              integer seed (default: 1)
  --out FILE            CSV file to write (required)
`;
