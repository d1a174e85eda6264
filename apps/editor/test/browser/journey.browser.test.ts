import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type OfflinePage, offlinePage, screenshot, type TestBrowser } from './browser.js';
import { canvasDriver } from './canvasDriver.js';
import { type RunningRuntime, startRuntime } from './runtime.js';

// One real runtime (embedded Postgres) and one Chromium for the whole file: both are slow to start.
let runtime: RunningRuntime;
let chrome: TestBrowser;
let tab: OfflinePage;
/** The journey the build test creates; later tests keep editing it. */
let journeyId = '';

interface Draft {
  name: string;
  draft: {
    name: string;
    nodes: Array<{ id: string; type: string }>;
    edges: Array<{ id: string; source: string; target: string }>;
    settings: { reentry: string };
  };
  draftRevision: number;
}

beforeAll(async () => {
  [runtime, chrome] = await Promise.all([startRuntime(), launchBrowser()]);
  tab = await offlinePage(chrome.browser);
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await runtime?.stop();
}, 30_000);

/** Expected noise: routes the editor probes and degrades from (404), the staged conflict (409). */
const unexpectedErrors = () => tab.errors.filter((e) => !/status of (404|409)/.test(e));

describe('editor against the real runtime', () => {
  it('signs in from the #key= link and strips the key from the address bar', async () => {
    const { page } = tab;
    await page.goto(`${runtime.url}/#key=${runtime.adminKey}`);
    await page.waitForSelector('[data-testid="workflow-list"]');
    expect(page.url()).toBe(`${runtime.url}/`);
    expect(await page.evaluate(() => localStorage.getItem('crossroads.apiKey'))).toBe(runtime.adminKey);
    await screenshot(page, 'workflow-list');
  });

  it('builds a journey from five palette nodes, fixes a gate rule, publishes and reloads it intact', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    await page.click('text=New journey');
    await page.fill('[aria-label="New journey name"]', 'Pricing page follow-up');
    await page.click('button:has-text("Create")');
    await page.waitForURL(/\/workflows\/[^/]+$/);
    await page.waitForSelector('.react-flow__node');
    const workflowId = new URL(page.url()).pathname.split('/')[2] as string;
    journeyId = workflowId;

    // Start from an empty canvas: delete the trigger a new journey comes with.
    await canvas.select('trigger');
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 0);

    // The canvas is ~810 px wide between the palette and the side panel: a 2-column grid.
    const trigger = await canvas.dropNode('trigger', 160, 110);
    const gate = await canvas.dropNode('segment-gate', 480, 110);
    const wait = await canvas.dropNode('wait', 160, 340);
    const send = await canvas.dropNode('send', 480, 340);
    const handoff = await canvas.dropNode('sales-handoff', 160, 570);
    expect(await canvas.nodeIds()).toHaveLength(5);

    await canvas.connect(trigger, 'next', gate);
    await canvas.connect(gate, 'hot', wait);
    await canvas.connect(wait, 'next', send);
    await canvas.connect(gate, 'else', handoff);
    expect(await canvas.edgeCount()).toBe(4);

    // A rule with an unknown operator: the gate gets an error marker and the problem is listed.
    // (The rule opens in the condition builder; JSONLogic is typed in its code view.)
    await canvas.select(gate);
    await page.locator('[data-path="branches[0]"] [data-testid="rule-view-code"]').click();
    await canvas.setMonaco(
      '[data-path="branches[0]"]',
      '{"frobnicate": [{"var": "contact.lead_score"}, 80]}',
    );
    const marker = page.locator(`.react-flow__node[data-id="${gate}"] [data-testid="problem-marker"]`);
    await marker.waitFor();
    const problem = page.locator('[data-testid="problem"]', { hasText: /frobnicate/i });
    await problem.first().waitFor();
    await screenshot(page, 'journey-rule-error');

    // Clicking the problem focuses the field; fixing the rule clears the marker.
    await problem.first().click();
    await page.waitForTimeout(500);
    await canvas.setMonaco('[data-path="branches[0]"]', '{">=": [{"var": "contact.lead_score"}, 80]}');
    await marker.waitFor({ state: 'detached' });

    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 10_000 });
    await page.click('[data-testid="publish"]');
    await page.fill('[aria-label="Publish message"]', 'First version: hot leads wait, the rest go to sales');
    await page.click('.modal button[type="submit"]');
    await page.waitForSelector('[data-testid="published-banner"]');
    await screenshot(page, 'journey-published');

    await page.reload();
    await page.waitForSelector('.react-flow__node');
    expect(await canvas.nodeIds()).toHaveLength(5);
    expect(await canvas.edgeCount()).toBe(4);
    const saved = await runtime.api<{
      draft: { nodes: Array<{ id: string; config: Record<string, unknown> }> };
    }>('GET', `/v1/workflows/${workflowId}`);
    const gateConfig = saved.draft.nodes.find((n) => n.id === gate)?.config as {
      branches: Array<{ rule: unknown }>;
    };
    expect(gateConfig.branches[0]?.rule).toEqual({ '>=': [{ var: 'contact.lead_score' }, 80] });
    const versions = await runtime.api<{ items: Array<{ version: number }> }>(
      'GET',
      `/v1/workflows/${workflowId}/versions`,
    );
    expect(versions.items.map((v) => v.version)).toEqual([1]);

    await page.goto(`${runtime.url}/workflows/${workflowId}/versions/1`);
    await page.waitForSelector('[data-testid="version-banner"]');
    expect(await page.locator('[data-testid="palette"]').count()).toBe(0);
    await screenshot(page, 'journey-version-1');
  }, 120_000);

  it('inserts on an edge, undoes, pastes, edits settings and JSON, previews a template, resolves a conflict', async () => {
    const { page } = tab;
    const canvas = canvasDriver(page);
    const draft = () => runtime.api<Draft>('GET', `/v1/workflows/${journeyId}`);
    const saved = () =>
      page.waitForSelector('[data-testid="save-status"][data-status="saved"]', { timeout: 10_000 });
    await page.goto(`${runtime.url}/workflows/${journeyId}`);
    await page.waitForSelector('.react-flow__node');
    const before = await draft();
    const trigger = before.draft.nodes.find((n) => n.type === 'trigger')?.id as string;
    const gate = before.draft.nodes.find((n) => n.type === 'segment-gate')?.id as string;
    const edge = before.draft.edges.find((e) => e.source === trigger) as { id: string };

    // Drop a wait onto the trigger → gate arrow (halfway along the line): it lands in between.
    const hit = await page
      .locator(`[data-testid="rf__edge-${edge.id}"] .react-flow__edge-interaction`)
      .evaluate((path: SVGPathElement) => {
        const p = path.getPointAtLength(path.getTotalLength() / 2);
        const m = path.getScreenCTM() as DOMMatrix;
        return { x: p.x * m.a + m.e, y: p.y * m.d + m.f };
      });
    const pane = await page.locator('[data-testid="canvas"]').boundingBox();
    if (!pane) throw new Error('canvas not visible');
    await page.locator('[data-testid="palette-wait"]').dragTo(page.locator('[data-testid="canvas"]'), {
      targetPosition: { x: hit.x - pane.x, y: hit.y - pane.y },
    });
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 6);
    await saved();
    const inserted = await draft();
    const middle = inserted.draft.edges.find((e) => e.source === trigger)?.target as string;
    expect(inserted.draft.nodes.find((n) => n.id === middle)?.type).toBe('wait');
    expect(inserted.draft.edges.some((e) => e.source === middle && e.target === gate)).toBe(true);

    // Undo and redo from the keyboard (focus on the canvas, not a field).
    const emptySpot = async () => page.mouse.click(pane.x + 730, pane.y + pane.height - 120);
    await emptySpot();
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 5);
    await page.keyboard.press('Control+Shift+z');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 6);

    // Copy, paste, then delete the copy.
    await canvas.select(gate);
    await page.keyboard.press('Control+c');
    await emptySpot();
    await page.keyboard.press('Control+v');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 7);
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 6);

    // Journey settings: re-entry.
    await page.click('[role="tab"]:has-text("Journey")');
    await page
      .locator('[data-testid="settings-panel"] [data-path="reentry"] button', { hasText: 'always' })
      .click();
    await saved();
    expect((await draft()).draft.settings.reentry).toBe('always');
    await screenshot(page, 'journey-settings');

    // The whole graph as JSON: a valid edit applies.
    await page.click('[role="tab"]:has-text("JSON")');
    await page.waitForSelector('[data-testid="json-panel"] .monaco-editor');
    const graph = (await draft()).draft;
    await canvas.setMonaco(
      '[data-testid="json-panel"]',
      JSON.stringify({ ...graph, name: 'Renamed in JSON' }),
    );
    await page.waitForTimeout(300);
    await screenshot(page, 'journey-json');
    expect(await page.textContent('.json-panel__status')).toMatch(/Valid graph/);
    await page.waitForFunction(
      () =>
        (document.querySelector('[aria-label="Journey name"]') as HTMLInputElement | null)?.value ===
        'Renamed in JSON',
    );
    await saved();

    // Email preview against the sample contact, rendered by the runtime.
    const send = graph.nodes.find((n) => n.type === 'send')?.id as string;
    await page.click('[role="tab"]:has-text("Step")');
    await canvas.select(send);
    await page.locator('[data-path="text"] button', { hasText: 'Preview' }).click();
    const preview = page.frameLocator('[data-testid="template-preview"]');
    await preview.locator('body').waitFor();
    await page.waitForFunction(() => {
      const doc =
        (document.querySelector('[data-testid="template-preview"]') as HTMLIFrameElement | null)?.srcdoc ??
        '';
      return doc.includes('Hi ') && !doc.includes('{{');
    });
    await screenshot(page, 'journey-template-preview');

    // Someone else renames the journey while we do: our save meets theirs and the both-sides
    // dialog asks which name stays (edits to different things would merge; collab.browser.test.ts).
    const current = await draft();
    await page.fill('[aria-label="Journey name"]', 'My local rename');
    // Saved within our autosave's delay, so ours comes second.
    await runtime.api('PUT', `/v1/workflows/${journeyId}/draft`, {
      graph: { ...current.draft, name: 'Changed in another tab' },
    });
    await page.waitForSelector('[data-testid="conflict-dialog"]', { timeout: 15_000 });
    await screenshot(page, 'journey-conflict');
    await page
      .locator('[data-testid="conflict-item"][data-key="graph:name"] input[type="radio"]')
      .first()
      .check();
    await page.click('[data-testid="conflict-apply"]');
    await page.waitForSelector('[data-testid="conflict-dialog"]', { state: 'detached' });
    await page.waitForSelector('[data-testid="save-status"][data-status="saved"]');
    expect(await page.inputValue('[aria-label="Journey name"]')).toBe('Changed in another tab');
  }, 120_000);

  it('opens every example graph and screenshots it', async () => {
    const { page } = tab;
    const { items } = await runtime.api<{ items: Array<{ id: string; name: string }> }>(
      'GET',
      '/v1/workflows',
    );
    const examples = items.filter((w) => w.id !== journeyId);
    expect(examples.length).toBeGreaterThanOrEqual(6);
    for (const wf of examples) {
      await page.goto(`${runtime.url}/workflows/${wf.id}`);
      await page.waitForSelector('.react-flow__node');
      await page.waitForTimeout(400); // fit-view animation
      const slug = wf.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      await screenshot(page, `example-${slug}`);
      expect(
        await page.locator('[data-testid="problem-marker"]').count(),
        `${wf.name} has problem markers`,
      ).toBe(0);
    }
    // The picture for the README: the pricing-page journey with its gate open in the inspector.
    const pricing = examples.find((w) => /pricing/i.test(w.name));
    if (pricing) {
      const wide = await offlinePage(chrome.browser, { width: 1920, height: 1080 });
      await wide.page.goto(`${runtime.url}/workflows/${pricing.id}#key=${runtime.adminKey}`);
      await wide.page.locator('.jnode[data-type="segment-gate"] .jnode__title').first().click();
      await wide.page.waitForSelector('[data-testid="inspector"] [data-testid="condition-builder"]');
      await wide.page.waitForTimeout(500);
      await screenshot(wide.page, 'readme-canvas');
      await wide.context.close();
    }
  }, 120_000);

  it('gives an auditor a read-only canvas', async () => {
    const { key } = await runtime.api<{ key: string }>('POST', '/v1/api-keys', {
      name: 'auditor',
      role: 'auditor',
    });
    const auditor = await offlinePage(chrome.browser);
    const { items } = await runtime.api<{ items: Array<{ id: string }> }>('GET', '/v1/workflows');
    await auditor.page.goto(`${runtime.url}/workflows/${items[0]?.id}#key=${key}`);
    await auditor.page.waitForSelector('.react-flow__node');
    expect(await auditor.page.locator('[data-testid="palette"]').count()).toBe(0);
    expect(await auditor.page.locator('[data-testid="publish"]').count()).toBe(0);
    await auditor.page.keyboard.press('Control+A');
    await auditor.page.keyboard.press('Delete');
    expect(await auditor.page.locator('.react-flow__node').count()).toBeGreaterThan(0);
    await screenshot(auditor.page, 'auditor-read-only');
    await auditor.context.close();
    expect(auditor.external).toEqual([]);
  }, 60_000);

  it('never reached outside localhost and logged no unexpected errors', () => {
    expect(tab.external).toEqual([]);
    expect(unexpectedErrors()).toEqual([]);
  });
});
