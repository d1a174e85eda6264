import type { ApiNodeType } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { randomId } from '../graph-ops/index.js';

/** A new journey: a trigger to start from (when the workspace has one), default settings. */
export function newGraph(name: string, nodeTypes: readonly ApiNodeType[]): Graph {
  const slug =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'journey';
  const trigger = nodeTypes.find((t) => t.kind === 'trigger');
  return {
    schemaVersion: 1,
    id: randomId(slug),
    name,
    nodes: trigger
      ? [
          {
            id: 'trigger',
            type: trigger.type,
            version: trigger.version,
            position: { x: 0, y: 0 },
            config: structuredClone(trigger.defaults),
          },
        ]
      : [],
    edges: [],
    settings: { reentry: 'once', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' },
  };
}
