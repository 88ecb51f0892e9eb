import { createRequire } from 'node:module';
import { runAuditCommand } from './audit-command.js';
import { runDemoCommand } from './demo-command.js';
import { runEmulatorCommand } from './emulator-command.js';
import { runEvaluateCommand } from './evaluate-command.js';
import { runGenerateCommand } from './generate-command.js';
import { runImportCommand } from './import-command.js';
import { runPlanCommand } from './plan-command.js';
import { runIndexCommand } from './index-command.js';
import { runServeCommand } from './serve-command.js';
import { runSetupCommand } from './setup-command.js';
import {
  AUDIT_HELP,
  DEMO_HELP,
  EMULATOR_HELP,
  EVALUATE_HELP,
  GENERATE_HELP,
  IMPORT_HELP,
  INDEX_HELP,
  MAIN_HELP,
  PLAN_HELP,
  SERVE_HELP,
  SETUP_HELP,
} from './help-text.js';
import { UsageError } from './usage-error.js';
import { InputError } from '../io/input-error.js';
import { ContractError } from '../contract/contract-error.js';

const HELP: Readonly<Record<string, string>> = {
  audit: AUDIT_HELP,
  demo: DEMO_HELP,
  emulator: EMULATOR_HELP,
  evaluate: EVALUATE_HELP,
  generate: GENERATE_HELP,
  import: IMPORT_HELP,
  plan: PLAN_HELP,
  index: INDEX_HELP,
  serve: SERVE_HELP,
  setup: SETUP_HELP,
};

/** The `lanekeeper` command: parses the command name and hands the rest to the command. Returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help') {
      process.stdout.write(MAIN_HELP);
      return command === undefined ? 2 : 0;
    }
    if (command === '-v' || command === '--version') {
      process.stdout.write(`${version()}\n`);
      return 0;
    }
    if (command === 'help') {
      process.stdout.write(HELP[rest[0] ?? ''] ?? MAIN_HELP);
      return 0;
    }
    if (rest.includes('-h') || rest.includes('--help')) {
      const help = HELP[command];
      if (help !== undefined) {
        process.stdout.write(help);
        return 0;
      }
    }
    switch (command) {
      case 'audit':
        return await runAuditCommand(rest);
      case 'demo':
        return await runDemoCommand(rest);
      case 'evaluate':
        return await runEvaluateCommand(rest);
      case 'generate':
        return await runGenerateCommand(rest);
      case 'plan':
        return await runPlanCommand(rest);
      case 'import':
        return await runImportCommand(rest);
      case 'emulator':
        return await runEmulatorCommand(rest);
      case 'serve':
        return await runServeCommand(rest);
      case 'index':
        return await runIndexCommand(rest);
      case 'setup':
        return await runSetupCommand(rest);
      default:
        throw new UsageError(
          `unknown command '${command}' (commands: demo, audit, plan, import, evaluate, generate, serve, setup, index, emulator, help)`,
        );
    }
  } catch (err) {
    return reportError(err);
  }
}

function reportError(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`lanekeeper: ${err.message}\nRun 'lanekeeper help' for usage.\n`);
    return 2;
  }
  if (err instanceof InputError || err instanceof ContractError) {
    process.stderr.write(`lanekeeper: error: ${err.message}\n`);
    return 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`lanekeeper: error: ${message}\n`);
  return 1;
}

function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}
