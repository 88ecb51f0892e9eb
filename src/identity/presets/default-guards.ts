import type { EmSettings, Guards } from '../rules.js';

export const DEFAULT_GUARDS: Guards = {
  roleAddressesAreNotKeys: true,
  sharedKeyMaxOwners: 2,
  nameConflict: true,
  birthDateConflict: true,
  maxClusterSize: 25,
};

export const DEFAULT_EM: EmSettings = {
  enabled: true,
  estimateM: false,
  maxIterations: 25,
  sampleSize: 100_000,
};
