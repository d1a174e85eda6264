export * from './graph.js';
export * from './problems.js';
export * from './registry.js';
export * from './logic/index.js';
