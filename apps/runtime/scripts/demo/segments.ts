import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoClient } from './client.js';

const EXAMPLES = join(import.meta.dirname, '../../../../examples');

/**
 * Creates the named segments the examples ship (`examples/<journey>/segments.json`) when the
 * workspace lacks them, so journeys that refer to them can be published.
 */
export async function ensureExampleSegments(client: DemoClient): Promise<string[]> {
  const { items } = await client.call<{ items: Array<{ name: string }> }>('GET', '/v1/segments');
  const have = new Set(items.map((s) => s.name));
  const created: string[] = [];
  for (const dir of readdirSync(EXAMPLES)) {
    const file = join(EXAMPLES, dir, 'segments.json');
    if (!existsSync(file)) continue;
    const segments = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [name, rule] of Object.entries(segments)) {
      if (have.has(name)) continue;
      await client.call('POST', '/v1/segments', { name, rule, description: `From examples/${dir}` });
      have.add(name);
      created.push(name);
    }
  }
  return created;
}
