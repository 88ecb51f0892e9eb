// Runs the CLI from source in a child process (the serve test sends it signals).
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
