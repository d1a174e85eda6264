import { definePack } from '@crossroads/nodes/sdk';
import { postNode } from './post.js';

export { fillText, PostConfig, postNode, SLACK_HOST } from './post.js';

/** The pack the runtime loads (package.json `crossroads.nodes` points at this module). */
export default definePack({ name: '@crossroads-examples/slack-notify', version: '0.1.0', nodes: [postNode] });
