/**
 * Child process for the crash test: accepts one event, reports the result once `accept` has resolved, and
 * kills itself with SIGKILL — no close, no flush, no exit handlers.
 */
import { openStateStore, type StateStoreConfig } from '../../src/store/open-state-store.js';

const [configJson, eventKey] = process.argv.slice(2);
if (configJson === undefined || eventKey === undefined)
  throw new Error('usage: accept-then-die <config> <key>');
const store = await openStateStore(JSON.parse(configJson) as StateStoreConfig);
const [result] = await store.accept([
  { lane: 'crash-lane', eventKey, principal: 'forms-bot', payload: { email: 'kim@example.com' } },
]);
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.kill(process.pid, 'SIGKILL'));
