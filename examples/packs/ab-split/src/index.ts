import { definePack } from '@crossroads/nodes/sdk';
import { splitNode } from './split.js';

export { bucket } from './bucket.js';
export { chooseBranch, SplitConfig, splitNode } from './split.js';

/** The pack the runtime loads (package.json `crossroads.nodes` points at this module). */
export default definePack({ name: '@crossroads-examples/ab-split', version: '0.1.0', nodes: [splitNode] });
