export const MAIN_HELP = `lanekeeper — identity-first gateway for CRM syncs

Usage: lanekeeper <command> [options]

Commands:
  demo             play one event stream through a naive sync and through the gate; compare the CRMs
  audit INPUT      find the duplicates already in a CRM export (CSV, JSONL, Parquet)
  evaluate         score an audit's clusters against a ground-truth column
  generate         write realistic synthetic CRM contacts with a truth column
  serve            run the gateway's HTTP service (--config lanekeeper.yaml)
  setup            create the properties the lanes need in each target system (--config lanekeeper.yaml)
  emulator hubspot run the HubSpot emulator as its own process (tests, demos, soak runs)
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
  --max-block-size N        blocks larger than this are compared by a sorted window (default: 25)
  --window N                neighbours each record of such a block is compared with (default: 4)
  --threads 1|2             threads for normalizing and scoring (default: a worker thread normalizes
                            inputs from 4 MiB and scores from 300,000 candidate pairs)

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

export const SERVE_HELP = `Usage: lanekeeper serve --config FILE [options]

Runs the gateway: the HTTP API (intake, review queue, dead letters, /healthz, /metrics; see docs/openapi.yaml)
and the gate's workers, over the store, systems and lanes FILE names (see examples/lanekeeper.yaml). Tokens
come only from the environment variables the file names. Before it serves, it checks each target system — the
token, its scopes, the properties the lanes write — and stops (exit 1) naming what is wrong and what to do
(lanekeeper setup creates missing properties). SIGTERM or Ctrl-C stops accepting, lets requests in
flight finish and closes the store; a second signal exits at once. Logs are JSON lines on stdout.

Options:
  -c, --config FILE   gateway config (YAML), required
  --host HOST         listen address (default: the config's listen.host, else 127.0.0.1)
  --port N            listen port, 0 for any free one (default: the config's listen.port, else 8080)
`;

export const SETUP_HELP = `Usage: lanekeeper setup --config FILE [--dry-run]

Checks each target system FILE names — the token, its scopes, the properties the lanes write (the anchor
lanekeeper_id with unique values, lanekeeper_sources, every mapped property) — and creates the missing
properties. When the token may not create them, prints exactly what an admin must create. Running it again
changes nothing. Exit 0 when every target is ready (or, with --dry-run, when setup could make it so).

Options:
  -c, --config FILE   gateway config (YAML), required; its environment variables must be set, as for serve
  --dry-run           print what would be created; create nothing
`;

export const DEMO_HELP = `Usage: lanekeeper demo [options]

Generates a stream of deliveries from a web form, a help desk and an enrichment provider about the same
people (email drift, nicknames, phone-only requesters, shared role and family addresses, near-simultaneous
deliveries, webhook re-deliveries) and plays it twice against an emulated HubSpot with search lag and
faults: through a naive create-first sync and through the gate (embedded SQLite state). Prints records,
true duplicates, false merges, review items and API calls of both, counted against the stream's truth.

Options:
  --events N    deliveries in the stream (default: 2000)
  --seed S      integer seed; the same seed gives the same stream (default: 1)
  --workers N   concurrent workers of both syncs (default: 4)
  --out DIR     where the SQLite state and demo-report.json go (default: a new temporary directory)
  --json        print {naive:{records,duplicates,false_merges,review,api_calls}, gate:{…}, details:{…}}
`;

export const EMULATOR_HELP = `Usage: lanekeeper emulator hubspot [options]

Serves the HubSpot CRM v3 emulator (contacts, companies; batch, search with indexing lag, rate limits, faults)
in its own process, so that gateways can be stopped, killed and restarted while the CRM keeps its records.
Prints the base URL on stdout; SIGTERM or Ctrl-C stops it. Test helpers (same bearer token):
GET /__emulator/records/{object} (current records and their count), GET /__emulator/stats, and
PUT /__emulator/outage {"status":503} (every API request answered with that status; 401: the token revoked)
until DELETE /__emulator/outage.

Options:
  --host HOST                listen address (default: 127.0.0.1)
  --port N                   listen port, 0 for any free one (default: 0)
  --indexing-delay-ms N      how long a write takes to become visible to search (default: 2000)
  --fault-rate R             share of requests answered 503, and share applied then cut off, each (default: 0)
  --fault-seed S             seed of the fault draws (default: 1)
  --rate-limit N             requests per token per 10 s (default: 190, HubSpot's top private-app tier)
  --search-per-second N      search requests per token per second (default: 5)
  --token-env VAR            accept the bearer token held by environment variable VAR
                             (default: the emulator's fixed token, pat-emulator-token)
  --bare                     a portal nobody set up: without lanekeeper_id and lanekeeper_sources
                             (lanekeeper setup creates them)
  --scopes LIST              comma-separated scopes the token has (default: every CRM object and
                             schema scope), e.g. crm.objects.contacts.read,crm.objects.contacts.write
`;
