import { formatDemo } from '../demo/format-demo.js';
import { runDemo } from '../demo/run-demo.js';
import { integerFlag, parseCommandArgs } from './parse-command-args.js';

/** `lanekeeper demo [--json] [--events N] [--seed S] [--out DIR] [--workers N] [--empty-crm]` */
export async function runDemoCommand(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs('demo', args, {
    json: { type: 'boolean' },
    events: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    workers: { type: 'string' },
    'empty-crm': { type: 'boolean' },
  });
  const json = values.json === true;
  const result = await runDemo({
    events: integerFlag('events', values.events, 2_000, 1),
    seed: integerFlag('seed', values.seed, 1, 0),
    workers: integerFlag('workers', values.workers, 4, 1),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['empty-crm'] === true ? { emptyCrm: true } : {}),
    ...(json ? {} : { onProgress: (message: string) => process.stderr.write(`${message}\n`) }),
  });
  if (json) {
    const { naive, gate, details } = result;
    process.stdout.write(`${JSON.stringify({ naive, gate, details })}\n`);
  } else {
    process.stdout.write(formatDemo(result));
  }
  return 0;
}
