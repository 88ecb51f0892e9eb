import { runGenerate } from '../generate/run-generate.js';
import { parseCommandArgs } from './parse-command-args.js';
import { UsageError } from './usage-error.js';

/** `lanekeeper generate --rows N --duplicate-rate R --seed S --out FILE` */
export async function runGenerateCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('generate', args, {
    rows: { type: 'string' },
    'duplicate-rate': { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
  });
  if (values.rows === undefined) throw new UsageError('generate: --rows N is required');
  if (values.out === undefined) throw new UsageError('generate: --out FILE is required');
  let result;
  try {
    result = await runGenerate({
      rows: Number(values.rows),
      duplicateRate: Number(values['duplicate-rate'] ?? '0.2'),
      seed: Number(values.seed ?? '1'),
      out: values.out,
    });
  } catch (err) {
    if (err instanceof Error && err.message.startsWith('--'))
      throw new UsageError(`generate: ${err.message}`);
    throw err;
  }
  process.stdout.write(
    `wrote ${result.rows.toLocaleString('en-US')} rows (${result.persons.toLocaleString('en-US')} people) to ${result.path}\n`,
  );
  return 0;
}
