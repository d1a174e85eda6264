import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordAudit } from '../access/audit.js';
import type { Sql } from '../db/connect.js';
import { readExampleGraphs } from './bootstrap.js';
import type { Actor } from './workflows.js';

export interface JourneyTemplate {
  id: string;
  name: string;
  description: string;
  steps: number;
  stepTypes: string[];
}

interface ExampleGraph {
  name?: unknown;
  description?: unknown;
  nodes?: Array<{ type?: unknown }>;
}

/** The shipped examples as starting points, in folder order. */
export async function listTemplates(examplesDir: string): Promise<JourneyTemplate[]> {
  return (await readExampleGraphs(examplesDir)).map(({ name: id, graph }) => {
    const g = graph as ExampleGraph;
    const nodes = Array.isArray(g.nodes) ? g.nodes : [];
    return {
      id,
      name: typeof g.name === 'string' ? g.name : id,
      description: typeof g.description === 'string' ? g.description : '',
      steps: nodes.length,
      stepTypes: [...new Set(nodes.map((n) => String(n.type)))],
    };
  });
}

/** One template's graph and the named segments it uses; null for an id that is not a template. */
export async function readTemplate(
  examplesDir: string,
  id: string,
): Promise<{ graph: unknown; segments: Record<string, unknown> } | null> {
  // Only a listed folder name is read: an id can never walk out of examples/.
  const found = (await readExampleGraphs(examplesDir)).find((t) => t.name === id);
  if (!found) return null;
  let segments: Record<string, unknown> = {};
  try {
    segments = JSON.parse(await readFile(join(examplesDir, id, 'segments.json'), 'utf8'));
  } catch {
    // Most templates name no segments.
  }
  return { graph: found.graph, segments };
}

/** Creates the template's segments the workspace does not have yet (audited); returns their names. */
export async function addTemplateSegments(
  sql: Sql,
  actor: Actor,
  template: string,
  segments: Record<string, unknown>,
): Promise<string[]> {
  return sql.begin(async (tx) => {
    const added: string[] = [];
    for (const [name, rule] of Object.entries(segments)) {
      const [row] = await tx`
        insert into segments (workspace_id, name, description, rule)
        values (${actor.workspaceId}, ${name}, ${`From the template '${template}'`}, ${tx.json(rule as never)})
        on conflict (workspace_id, name) do nothing returning id`;
      if (!row) continue;
      added.push(name);
      await recordAudit(tx, {
        workspaceId: actor.workspaceId,
        actor: actor.name,
        action: 'segment.created',
        subject: name,
        details: { template },
      });
    }
    return added;
  });
}
