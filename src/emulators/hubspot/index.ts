export { startHubSpotEmulator, type HubSpotEmulator } from './start-hubspot-emulator.js';
export { createHubSpotApp, HubSpotEmulatorApp } from './emulator-app.js';
export type { EmulatorRequest, EmulatorResponse, EmulatorStats, Outage } from './emulator-app.js';
export { DEFAULT_TOKEN, type HubSpotEmulatorOptions } from './emulator-options.js';
export type { Fault } from './fault-plan.js';
export type { RecordView } from './record-view.js';
export type { Endpoint } from './router.js';
