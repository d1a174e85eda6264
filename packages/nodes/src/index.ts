export * from './builtins/index.js';
export * from './journey/index.js';
export * from './packs/index.js';
export * from './sdk/capabilities.js';
export * from './sdk/decision.js';
export * from './sdk/defineNode.js';
export * from './sdk/definePack.js';
export * from './sdk/registry.js';
