import type { DemoClient } from './client.js';

interface Workflow {
  id: string;
  name: string;
  status: 'draft' | 'active' | 'paused';
  activeVersion: number | null;
  latestVersion: number | null;
}

/**
 * Publishes and activates every workflow of the workspace that is not active yet (the examples a
 * new runtime starts with). Waits stay as the examples define them: demo contacts resolve them
 * with real events. Returns the active workflows and a line per workflow for the log.
 */
export async function activateWorkflows(client: DemoClient): Promise<{ active: Workflow[]; log: string[] }> {
  const { items } = await client.call<{ items: Workflow[] }>('GET', '/v1/workflows');
  const active: Workflow[] = [];
  const log: string[] = [];
  for (const wf of items) {
    try {
      if (wf.status === 'active') {
        active.push(wf);
        log.push(`  ✓ ${wf.name}: already active (v${wf.activeVersion})`);
        continue;
      }
      let version = wf.latestVersion ?? wf.activeVersion;
      if (version === null) {
        const published = await client.call<{ version: number }>('POST', `/v1/workflows/${wf.id}/versions`, {
          message: 'Demo: publish the example as shipped',
        });
        version = published.version;
      }
      if (wf.activeVersion !== null && version < wf.activeVersion) version = wf.activeVersion;
      await client.call('POST', `/v1/workflows/${wf.id}/activate`, { version });
      active.push({ ...wf, status: 'active', activeVersion: version });
      log.push(`  ✓ ${wf.name}: published and activated v${version}`);
    } catch (error) {
      log.push(`  ✗ ${wf.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { active, log };
}
