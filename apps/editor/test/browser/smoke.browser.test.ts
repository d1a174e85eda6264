import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiNodeType } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { builtinItems } from '../../src/catalog/loadCatalog.js';
import { launchBrowser, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { editorDist } from './runtime.js';
import { serveDist } from './staticServer.js';

let dist = '';

/** A small draft with a gate, so the inspector opens Monaco for its rule. */
const graph: Graph = {
  schemaVersion: 1,
  id: 'smoke',
  name: 'Smoke journey',
  nodes: [
    {
      id: 'start',
      type: 'trigger',
      version: 1,
      position: { x: 0, y: 0 },
      config: { on: 'event', event: 'page.viewed' },
    },
    {
      id: 'gate',
      type: 'segment-gate',
      version: 1,
      position: { x: 340, y: 0 },
      config: {
        branches: [{ id: 'hot', label: 'Hot lead', rule: { '>=': [{ var: 'contact.lead_score' }, 80] } }],
      },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'gate' }],
  settings: { reentry: 'once', timezone: 'UTC' },
};

/**
 * A pack node type as the runtime describes it (its zod schema through `z.toJSONSchema`), whose
 * fields declare the same `x-editor` metadata as a gate branch's rule and segment.
 */
const audienceType: ApiNodeType = {
  type: 'acme/audience',
  version: 1,
  title: 'Audience',
  description: 'Continues for contacts in the audience',
  category: 'Flow',
  icon: 'users',
  color: '#0f766e',
  kind: 'action',
  outputs: [{ id: 'next', label: 'Next' }],
  defaults: { when: { '==': [1, 1] } },
  configSchema: z.toJSONSchema(
    z.object({
      when: z
        .unknown()
        .optional()
        .meta({ title: 'When', description: 'Who is in the audience', 'x-editor': 'rule' }),
      audience: z.string().optional().meta({ title: 'Audience segment', 'x-editor': 'segment' }),
    }),
    { io: 'input', unrepresentable: 'any' },
  ) as ApiNodeType['configSchema'],
  pack: { name: '@acme/audience', version: '1.0.0', author: 'Acme Audience Team' },
  hosts: ['api.acme.example'],
};

/** A draft with the pack node. */
const packGraph: Graph = {
  ...graph,
  id: 'smoke-pack',
  nodes: [
    graph.nodes[0] as Graph['nodes'][number],
    {
      id: 'audience',
      type: 'acme/audience',
      version: 1,
      position: { x: 340, y: 0 },
      config: { when: { '>=': [{ var: 'contact.pack_score' }, 5] } },
    },
  ],
  edges: [{ id: 'e1', source: 'start', sourceHandle: 'next', target: 'audience' }],
  packs: { '@acme/audience': '^1.0.0' },
};

const draft = (id: string, g: Graph) => ({
  status: 200,
  body: {
    id,
    name: g.name,
    status: 'draft',
    activeVersion: null,
    latestVersion: null,
    draftRevision: 1,
    draft: g,
  },
});

// The contract's answers, canned: this test is about the built bundle, not the API.
const api = (_req: unknown, path: string) => {
  if (path === '/v1/me') return { status: 200, body: { workspaceId: 'w', role: 'admin', keyName: 'smoke' } };
  if (path === '/v1/node-types') return { status: 200, body: { items: [...builtinItems(), audienceType] } };
  if (path === '/v1/workflows/wf2') return draft('wf2', packGraph);
  if (path === '/v1/segments') return { status: 200, body: { items: [] } };
  if (path === '/v1/workflows/wf1')
    return {
      status: 200,
      body: {
        id: 'wf1',
        name: graph.name,
        status: 'draft',
        activeVersion: null,
        latestVersion: null,
        draftRevision: 1,
        draft: graph,
      },
    };
  return undefined;
};

let chrome: TestBrowser;
let server: Awaited<ReturnType<typeof serveDist>>;

beforeAll(async () => {
  dist = await editorDist();
  [chrome, server] = await Promise.all([launchBrowser(), serveDist(dist, api)]);
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  await server?.close();
});

describe('built editor (smoke)', () => {
  it('ships no CDN URL and only the editor and JSON workers', () => {
    const assets = readdirSync(join(dist, 'assets'));
    const workers = assets.filter((f) => /worker.*\.js$/.test(f));
    expect(workers.map((f) => f.replace(/-[\w-]+\.js$/, '')).sort()).toEqual([
      'editor.worker',
      'json.worker',
    ]);
    for (const file of assets.filter((f) => f.endsWith('.js'))) {
      expect(readFileSync(join(dist, 'assets', file), 'utf8'), file).not.toMatch(
        /cdn\.jsdelivr|unpkg\.com|cdnjs/,
      );
    }
  });

  it('boots, opens a canvas from a deep link and loads Monaco with no network beyond localhost', async () => {
    const { page, external, errors, context } = await offlinePage(chrome.browser);
    await page.goto(`${server.url}/workflows/wf1#key=smoke-key`);
    await page.waitForSelector('.react-flow__node[data-id="gate"]');
    expect(page.url()).toBe(`${server.url}/workflows/wf1`);
    await page.click('.react-flow__node[data-id="gate"] .jnode__title');
    // The rule opens in the condition builder; its code view is Monaco.
    await page.waitForSelector('[data-testid="condition-builder"]', { timeout: 20_000 });
    await page.click('[data-testid="rule-view-code"]');
    await page.waitForSelector('[data-testid="inspector"] .monaco-editor', { timeout: 20_000 });
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="inspector"] .monaco-editor .view-lines')
        ?.textContent?.includes('contact.lead_score'),
    );
    // The JSON language service runs in its worker, fetched from the app's own assets.
    await page.waitForFunction(() =>
      performance.getEntriesByType('resource').some((e) => e.name.includes('json.worker')),
    );
    // The JSONLogic schema runs in the JSON worker: an unknown operator gets a squiggle.
    const editor = page.locator('[data-testid="inspector"] .monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"frobnicate": [1, 2]}');
    await page.waitForSelector(
      '[data-testid="inspector"] .monaco-editor .squiggly-warning, [data-testid="inspector"] .monaco-editor .squiggly-error',
      {
        timeout: 10_000,
      },
    );
    await screenshot(page, 'smoke-inspector');

    // `var` paths complete from the data dictionary.
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"var": ');
    await page.keyboard.type('"contact.lead');
    await page.keyboard.press('Control+Space');
    await page
      .locator('.suggest-widget .monaco-list-row', { hasText: 'contact.lead_score' })
      .first()
      .waitFor({ timeout: 10_000 });
    await screenshot(page, 'smoke-var-completion');
    expect(server.requests.some((p) => /\/assets\/json\.worker-.*\.js$/.test(p))).toBe(true);
    expect(external).toEqual([]);
    expect(errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
    await context.close();
  }, 60_000);

  it('gives a pack node that declares x-editor metadata the same rule and segment editors as a gate', async () => {
    const { page, external, context } = await offlinePage(chrome.browser);
    await page.goto(`${server.url}/workflows/wf2#key=smoke-key`);
    await page.waitForSelector('.react-flow__node[data-id="audience"]');
    await page.click('.react-flow__node[data-id="audience"] .jnode__title');
    const inspector = page.locator('[data-testid="inspector"]');
    // The rule editor inside the "Conditions | Named segment" switch: the builder, and Monaco as its code view.
    await inspector
      .locator('.rule-or-segment [data-testid="condition-builder"]')
      .waitFor({ timeout: 20_000 });
    expect(await inspector.locator('[data-testid="rule-summary"]').textContent()).toBe(
      'Matches when pack score is at least 5',
    );
    await inspector.locator('[data-testid="rule-view-code"]').click();
    await inspector.locator('.rule-or-segment .monaco-editor').waitFor({ timeout: 20_000 });
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="inspector"] .monaco-editor .view-lines')
        ?.textContent?.includes('contact.pack_score'),
    );
    // The rule's code view hint: JSONLogic with `var` completion, not the plain JSON editor.
    expect(await inspector.locator('.rule-or-segment .field__hint').textContent()).toContain('"var": "');
    expect(await inspector.locator('.rule-or-segment > fieldset button').allTextContents()).toEqual([
      'Conditions',
      'Named segment',
    ]);
    // The segment field, as on a gate branch.
    await inspector.locator('.rule-or-segment button', { hasText: 'Named segment' }).click();
    await inspector.locator('[data-path="audience"] input[placeholder="segment-name"]').waitFor();
    await screenshot(page, 'smoke-pack-rule-editor');
    expect(external).toEqual([]);
    await context.close();
  }, 60_000);

  it('draws nodes whose resize observations were lost', async () => {
    const { page, context } = await offlinePage(chrome.browser);
    // Every observation lost, the extreme of the race seen in CI (xyflow#4888): React Flow alone
    // would keep each node `visibility: hidden` forever.
    await page.addInitScript(() => {
      window.ResizeObserver = class {
        observe() {}
        unobserve() {}
        disconnect() {}
      };
    });
    await page.goto(`${server.url}/workflows/wf1#key=smoke-key`);
    await page.waitForSelector('.react-flow__node[data-id="gate"]', { timeout: 10_000 });
    await page.waitForSelector('.react-flow__node[data-id="start"]', { timeout: 10_000 });
    await context.close();
  }, 30_000);
});
