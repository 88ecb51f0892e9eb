export const MAIN_HELP = `lanekeeper — identity-first gateway for CRM syncs

Usage: lanekeeper <command> [options]

Commands:
  demo             play one event stream through a naive sync and through the gate; compare the CRMs
  audit INPUT      find the duplicates already in a CRM export (CSV, JSONL, Parquet)
  plan FILE        readiness audit of a first sync of FILE through a lane, writing nothing
  import FILE      bulk first sync of FILE through a lane's write path (resumable; --dry-run)
  evaluate         score an audit's clusters against a ground-truth column
  generate         write realistic synthetic CRM contacts with a truth column
  serve            run the gateway's HTTP service (--config lanekeeper.yaml)
  index            load the target index of every CRM record ahead of serve (--config lanekeeper.yaml)
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
(lanekeeper setup creates missing properties). SIGTERM or Ctrl-C stops accepting, lets requests and events
in flight finish and closes the store, within the config's shutdown.drain_timeout_ms (default 10 s; past it,
events keep their leases for the next start); a second signal exits at once. Logs are JSON lines on stdout.
Before a lane takes events, the target index of its target object is loaded (or resumed) and refreshed:
events posted meanwhile are accepted and wait; /healthz shows target_index.ready (see lanekeeper index).

Options:
  -c, --config FILE   gateway config (YAML), required
  --host HOST         listen address (default: the config's listen.host, else 127.0.0.1)
  --port N            listen port, 0 for any free one (default: the config's listen.port, else 8080)
`;

export const INDEX_HELP = `Usage: lanekeeper index --config FILE

Loads the target index: the identity fields (only) of every record of each target object the config's lanes
write — records Lanekeeper did not write included — into the state store, paged and within the CRM's rate
limit, then refreshes it once and exits. A load that was cut off (kill -9, an outage) resumes at the page it
had not stored; a complete index is refreshed (records changed, merged or archived since). serve does the same
before it takes a lane's events; running index first makes serve ready at once. Progress on stderr.

Options:
  -c, --config FILE   gateway config (YAML), required; its target_index section sets the refresh
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
faults that already holds contacts — older records of some of the stream's people (another email, a
nickname, another phone format or company suffix) and others: through a naive create-first sync and
through the gate (embedded SQLite state). Prints records created, true duplicates, false merges,
overwritten values, review items and API calls of both, counted against the stream's truth.

Options:
  --events N    deliveries in the stream (default: 2000)
  --seed S      integer seed; the same seed gives the same stream (default: 1)
  --workers N   concurrent workers of both syncs (default: 4)
  --out DIR     where the SQLite state and demo-report.json go (default: a new temporary directory)
  --empty-crm   start from an empty CRM instead
  --json        print {naive:{records,duplicates,false_merges,overwritten,review,api_calls}, gate:{…},
                details:{…}}
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
  --read-only-properties P,Q contact properties a write may not set (400 READ_ONLY_VALUE), e.g.
                             hs_additional_emails (default: none)
  --bare                     a portal nobody set up: without lanekeeper_id and lanekeeper_sources
                             (lanekeeper setup creates them)
  --scopes LIST              comma-separated scopes the token has (default: every CRM object and
                             schema scope), e.g. crm.objects.contacts.read,crm.objects.contacts.write
`;

export const IMPORT_HELP = `Usage: lanekeeper import --config FILE --lane LANE [options] INPUT

A bulk first sync: each row of INPUT (CSV, JSONL or Parquet) becomes one event of LANE and goes through the
gate's write path — the same decisions, locks, review and lineage as an event posted over HTTP — in batches.
Columns feed the lane's payload fields of the same name (compared without case, spaces and punctuation).

Resumable: a row's event key is the contract's business key, so a run started again after it was stopped
(even by kill -9) answers the rows done already as replays and finishes the rest; no row is written twice.
A row the lane refuses (a required field missing, an invalid email) is reported with its line and skipped;
the other rows go on. A file the reader cannot parse (broken CSV quoting, a line that is not JSON) stops
at that line with file and line: fix it and run again; the rows before it are kept.

Options:
  -c, --config FILE       gateway config (lanekeeper.yaml)
  --lane LANE             the lane to import through
  --map FIELD=COLUMN      read payload field FIELD from COLUMN; repeatable
  --dry-run               run the lane in dry run: decide everything, record what would be written, write
                          nothing to the CRM (as 'dry_run: true' in the contract)
  --batch N               rows per batch (default: 500)
  --workers N             gate workers, each with up to 8 rows in flight (default: 16); with this many in
                          flight, and batch calls that wait up to 50 ms to fill, the CRM's batch calls carry
                          up to 100 records each
  --json                  print the summary as JSON on stdout

Progress: a bar on a terminal, a line every 2 s on stderr otherwise. The summary counts created, updated,
unchanged, review, blocked, dead letters, bad rows, API calls per record and seconds. Exit 1 when a row
was refused or dead-lettered, 2 on a usage error.
`;

export const PLAN_HELP = `Usage: lanekeeper plan --config FILE --lane LANE [options] SOURCE_EXPORT

The readiness audit of a first sync: what importing SOURCE_EXPORT (CSV, JSONL or Parquet) through LANE
would do to the CRM as it is now, writing nothing — no CRM write, no change to the gateway's state store
(the rows go through the lane in dry run, as 'lanekeeper import --dry-run' does, on a scratch store).

It predicts creates, updates, reviews and blocks; counts the duplicates inside the file that a naive first
sync (one create per row) would copy into the CRM (the audit's detection with the lane's identity rules);
lists the rows without the source id the lane anchors on (source.id_field); and lists the values where an
existing record and the file differ, property by property, with the side the lane's value rules keep.

Options:
  -c, --config FILE       gateway config (lanekeeper.yaml)
  --lane LANE             the lane the first sync would go through
  --map FIELD=COLUMN      read payload field FIELD from COLUMN; repeatable
  --out DIR               where to write the outputs (default: lanekeeper-plan)
  --json                  print the summary as JSON on stdout (names, counts, lines and record ids; no values)

Writes to DIR: report.html and plan.json (these two hold the conflicting values; the terminal never does).
`;
