import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createApiKey, findApiKey } from '../access/apiKeys.js';
import { DEFAULT_GUARDRAILS } from '../channels/guardrails/index.js';
import type { Sql } from '../db/connect.js';
import type { Logger } from '../logger.js';

const BOOTSTRAP_LOCK = 727_002;

export interface BootstrapResult {
  workspaceId: string;
  /** Set only on the first boot of a new database (or when CROSSROADS_ADMIN_KEY is new). */
  adminKey?: string;
  createdWorkspace: boolean;
}

/** Every `examples/<name>/graph.json`, in name order. */
export async function readExampleGraphs(
  examplesDir: string,
): Promise<Array<{ name: string; graph: unknown }>> {
  let names: string[];
  try {
    names = (await readdir(examplesDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch {
    return [];
  }
  const out: Array<{ name: string; graph: unknown }> = [];
  for (const name of names) {
    try {
      out.push({ name, graph: JSON.parse(await readFile(join(examplesDir, name, 'graph.json'), 'utf8')) });
    } catch {
      // Folders without a graph.json (e.g. examples/packs) are not journeys.
    }
  }
  return out;
}

/** Named segments the examples ship, merged from every `examples/<name>/segments.json`. */
export async function readExampleSegments(examplesDir: string): Promise<Record<string, unknown>> {
  const segments: Record<string, unknown> = {};
  let names: string[] = [];
  try {
    names = (await readdir(examplesDir, { withFileTypes: true }))
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
  } catch {
    return segments;
  }
  for (const name of names.sort()) {
    try {
      Object.assign(segments, JSON.parse(await readFile(join(examplesDir, name, 'segments.json'), 'utf8')));
    } catch {
      // Most examples name no segments.
    }
  }
  return segments;
}

/**
 * The demo workspace's sender: the company of the examples (Lumen), with a postal address, so the
 * demo emails the local catcher shows end with a footer like a real one.
 */
export const DEMO_SENDER = {
  fromName: 'Lumen',
  fromEmail: 'hello@lumen.example',
  postalAddress: 'Lumen Software Ltd., 21 Harbour Street, Bristol BS1 4QA, United Kingdom',
};

/**
 * The demo channel settings as `workspaces.settings.channels` stores them (deliver/channelSettings.ts,
 * which this room may not import, reads them; its defaults for the rest).
 */
const demoChannelSettings = () => ({
  version: 1,
  sender: DEMO_SENDER,
  guardrails: DEFAULT_GUARDRAILS,
  crm: { webhookUrl: null, secrets: [] },
});

/**
 * First boot of a new database: a default workspace holding every example as a draft and the demo
 * sender (both left out under CROSSROADS_NO_DEMO_DATA), and an instance admin key
 * (CROSSROADS_ADMIN_KEY or a generated one). Safe when several processes boot at once.
 */
export async function bootstrap(
  sql: Sql,
  options: { adminKey?: string; examplesDir: string; withExamples: boolean; logger: Logger },
): Promise<BootstrapResult> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
    const txSql = tx as unknown as Sql;
    const [existing] = await tx<{ id: string }[]>`select id from workspaces order by created_at limit 1`;
    if (existing) {
      if (options.adminKey && !(await findApiKey(txSql, options.adminKey))) {
        await createApiKey(txSql, {
          workspaceId: existing.id,
          name: 'CROSSROADS_ADMIN_KEY',
          role: 'admin',
          instanceAdmin: true,
          key: options.adminKey,
        });
        return { workspaceId: existing.id, adminKey: options.adminKey, createdWorkspace: false };
      }
      return { workspaceId: existing.id, createdWorkspace: false };
    }
    const [workspace] = await tx<{ id: string }[]>`
      insert into workspaces (name) values ('Default workspace') returning id`;
    const workspaceId = workspace!.id;
    const { key } = await createApiKey(txSql, {
      workspaceId,
      name: options.adminKey ? 'CROSSROADS_ADMIN_KEY' : 'first-boot admin',
      role: 'admin',
      instanceAdmin: true,
      ...(options.adminKey ? { key: options.adminKey } : {}),
    });
    if (options.withExamples) {
      await tx`update workspaces set settings = jsonb_set(settings, '{channels}', ${tx.json(demoChannelSettings())})
               where id = ${workspaceId}`;
      // Segments first: the examples' gates and triggers name them (examples/<name>/segments.json).
      for (const [name, rule] of Object.entries(await readExampleSegments(options.examplesDir))) {
        await tx`insert into segments (workspace_id, name, description, rule)
                 values (${workspaceId}, ${name}, 'From the examples', ${tx.json(rule as never)})
                 on conflict (workspace_id, name) do nothing`;
      }
      for (const { name, graph } of await readExampleGraphs(options.examplesDir)) {
        const title = (graph as { name?: unknown }).name;
        await tx`insert into workflows (workspace_id, name, draft)
                 values (${workspaceId}, ${typeof title === 'string' ? title : name}, ${tx.json(graph as never)})`;
      }
    }
    await tx`insert into audit_log (workspace_id, actor, action, details)
             values (${workspaceId}, 'system', 'workspace.created', ${tx.json({ bootstrap: true })})`;
    options.logger.info({ workspaceId }, 'first boot: created the default workspace');
    return { workspaceId, adminKey: key, createdWorkspace: true };
  });
}
