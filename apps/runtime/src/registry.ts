import { builtins, createRegistry, type Registry } from '@crossroads/nodes';
import type { Config } from './config.js';

/** The node types this runtime validates and executes: built-ins plus configured packs (issue 7). */
export function loadRegistry(_config?: Config): Registry {
  return createRegistry([builtins]);
}
