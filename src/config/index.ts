export { ConfigError, CONFIG_ERROR_CODES } from './config-error.js';
export type { ConfigErrorCode } from './config-error.js';
export type { GatewayConfig, LaneConfig, LimitsConfig, StoreConfig, SystemConfig } from './gateway-config.js';
export {
  DEFAULT_LIMITS,
  DEFAULT_LISTEN,
  GATEWAY_CONFIG_VERSION,
  gatewayConfigSchema,
  SYSTEM_KINDS,
} from './gateway-config-schema.js';
export { loadGatewayConfig, parseGatewayConfig } from './load-gateway-config.js';
export type { Environment } from './load-gateway-config.js';
export { MIN_TOKEN_LENGTH } from './read-secrets.js';
export { Secret } from './secret.js';
