export * from './canonical/index.js';
export * from './diff/index.js';
export * from './graph.js';
export * from './logic/index.js';
export * from './migrate/index.js';
export * from './problems.js';
export * from './registry.js';
export * from './validate/index.js';
