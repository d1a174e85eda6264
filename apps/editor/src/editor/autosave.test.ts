import type { ReplacedEdit } from '@crossroads/api';
import {
  type Graph,
  graphItems,
  itemValue,
  type MergeSide,
  mergeGraphs,
  sameItem,
} from '@crossroads/graph-schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { counterIds } from '../graph-ops/index.js';
import { createEditorStore } from '../store/createEditorStore.js';
import { testCatalog } from '../test-support/catalog.js';
import { graphOf, node } from '../test-support/graphs.js';
import { type DraftApi, startAutosave } from './autosave.js';
import { createCollabStore } from './autosaveCollab.js';
import { pendingEdits } from './autosavePending.js';
import { startLiveValidation } from './liveValidation.js';

const keyIdOf = (name: string) =>
  `00000000-0000-4000-8000-${name.padStart(12, '0').slice(0, 12)}`.replace(/[^0-9a-f-]/g, 'a');

interface Revision {
  graph: Graph;
  session: string | undefined;
  replaced: Array<ReplacedEdit & { victim: string }>;
}

/**
 * An in-memory draft endpoint with the runtime's rules (apps/runtime/src/authoring/drafts.ts, whose
 * route tests run them on Postgres): revisions, a stale save merged three-way, a tab never in
 * conflict with itself, `keep`, and replaced changes reported to the tab that lost them.
 */
function draftServer(graph: Graph) {
  const revisions: Revision[] = [{ graph, session: undefined, replaced: [] }];
  const state = { saves: 0, down: false, revoked: false };
  const current = () => revisions.length;
  const changedBy = (key: string) => {
    for (let i = revisions.length - 1; i > 0; i--) {
      const [before, after] = [graphItems(revisions[i - 1]!.graph), graphItems(revisions[i]!.graph)];
      if (!sameItem(key, before.get(key), after.get(key))) return revisions[i]!;
    }
    return undefined;
  };
  const api = (name: string): Required<DraftApi> => ({
    async saveDraft(_id, mine, baseRevision, { session, keep = {} }) {
      if (state.revoked) throw new ApiError(401, { title: 'Unauthorized', status: 401 });
      if (state.down) throw new Error('network down');
      const theirs = revisions[current() - 1]!.graph;
      let stored = mine;
      const replaced: Revision['replaced'] = [];
      const lose = (key: string, yours: unknown) => {
        const by = changedBy(key);
        if (by?.session && by.session !== session) {
          replaced.push({
            key,
            kind: 'node',
            id: key.slice(5),
            label: key,
            revision: current() + 1,
            by: { name, keyId: keyIdOf(name), at: new Date().toISOString() },
            ...(yours !== undefined ? { yours } : {}),
            victim: by.session,
          });
        }
      };
      if (baseRevision !== current()) {
        const base = revisions[baseRevision - 1]!.graph;
        const first = mergeGraphs(base, theirs, mine);
        const settled: Record<string, MergeSide> = { ...keep };
        for (const c of first.conflicts) if (changedBy(c.key)?.session === session) settled[c.key] ??= 'mine';
        const result = mergeGraphs(base, theirs, mine, { keep: settled });
        const open = result.conflicts.filter((c) => !settled[c.key]);
        if (open.length > 0) {
          const conflicts = open.map((c) => ({
            ...c,
            label: c.key,
            theirsBy: { name: 'Ana', keyId: keyIdOf('ana'), at: '2026-01-01T10:42:00Z' },
          }));
          throw new ApiError(409, {
            title: 'Conflict',
            status: 409,
            detail: 'same items',
            conflicts,
          } as never);
        }
        for (const c of result.conflicts)
          if (c.kept === 'mine' && keep[c.key] === 'mine') lose(c.key, c.theirs);
        stored = result.graph;
      } else {
        for (const [key, side] of Object.entries(keep)) {
          const [now, sent] = [graphItems(theirs).get(key), graphItems(mine).get(key)];
          if (side === 'mine' && !sameItem(key, now, sent)) lose(key, itemValue(theirs, key));
        }
      }
      const merged = baseRevision !== current();
      revisions.push({ graph: stored, session, replaced });
      state.saves++;
      return { draftRevision: current(), merged, ...(merged ? { draft: stored } : {}) };
    },
    async getWorkflow() {
      return { draft: revisions[current() - 1]!.graph, draftRevision: current() };
    },
    async heartbeat(_id, { session, revision }) {
      if (state.revoked) throw new ApiError(401, { title: 'Unauthorized', status: 401 });
      const replaced = revisions
        .slice(revision)
        .flatMap((r) => r.replaced.filter((x) => x.victim === session))
        .map(({ victim: _v, ...edit }) => edit);
      return { draftRevision: current(), savedBy: null, present: [], replaced };
    },
    async leaveDraft() {
      return { left: true };
    },
  });
  return { revisions, state, api, draft: () => revisions[current() - 1]!.graph };
}

const start = () => graphOf([node('t', 'trigger'), node('a', 'send'), node('b', 'send')], ['t>a', 'a>b']);
const tab = (server: ReturnType<typeof draftServer>, name: string) => {
  const store = createEditorStore({
    graph: server.draft(),
    catalog: testCatalog(),
    revision: 1,
    newId: counterIds(),
  });
  void name;
  const autosave = startAutosave(store, server.api(name), 'wf', {
    delayMs: 10,
    retryMs: 20,
    pendingName: () => 'Test journey',
  });
  return { store, autosave };
};
const label = (graph: Graph, id: string) => graph.nodes.find((n) => n.id === id)?.label;
const settle = () => new Promise((r) => setTimeout(r, 60));

/** localStorage for the node test environment. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, String(v)),
    removeItem: (k) => void map.delete(k),
    clear: () => map.clear(),
  };
}

describe('autosave', () => {
  beforeEach(() => {
    globalThis.localStorage = memoryStorage();
  });
  afterEach(() => {
    Reflect.deleteProperty(globalThis, 'localStorage');
  });

  it('saves after a change with the revision it started from, then says Saved', async () => {
    const server = draftServer(start());
    const { store, autosave } = tab(server, 'ana');
    store.getState().patchNode('a', { label: 'Welcome' });
    expect(store.getState().save.status).toBe('dirty');
    await settle();
    expect(server.state.saves).toBe(1);
    expect(label(server.draft(), 'a')).toBe('Welcome');
    expect(store.getState().save).toEqual({ status: 'saved', revision: 2 });
    expect(server.revisions[1]?.session).toBe(autosave.collab.getState().session);
    autosave.stop();
  });

  it('merges two tabs’ edits to different steps: each ends up showing both, and Saved', async () => {
    const server = draftServer(start());
    const a = tab(server, 'ana');
    const b = tab(server, 'ben');
    a.store.getState().patchNode('a', { label: 'From Ana' });
    b.store.getState().patchNode('b', { label: 'From Ben' });
    await a.autosave.flush();
    await b.autosave.flush();
    expect(label(server.draft(), 'a')).toBe('From Ana');
    expect(label(server.draft(), 'b')).toBe('From Ben');
    // Ben's answer was the merged draft; Ana learns of it at her next heartbeat.
    expect(label(b.store.getState().graph, 'a')).toBe('From Ana');
    await a.autosave.sync();
    expect(label(a.store.getState().graph, 'b')).toBe('From Ben');
    for (const t of [a, b]) expect(t.store.getState().save).toEqual({ status: 'saved', revision: 3 });
    // Undoing her own edit does not take Ben's back.
    a.store.temporal.getState().undo();
    expect(label(a.store.getState().graph, 'a')).toBeUndefined();
    expect(label(a.store.getState().graph, 'b')).toBe('From Ben');
    a.autosave.stop();
    b.autosave.stop();
  });

  it('stops at edits to the same step until the user chooses, and tells the tab whose change was replaced', async () => {
    const server = draftServer(start());
    const a = tab(server, 'ana');
    const b = tab(server, 'ben');
    a.store.getState().patchNode('a', { label: 'Ana’s name' });
    await a.autosave.flush();
    b.store.getState().patchNode('a', { label: 'Ben’s name' });
    await b.autosave.flush();
    expect(b.store.getState().save.status).toBe('conflict');
    expect(b.autosave.collab.getState()).toMatchObject({ conflictsOpen: true });
    expect(b.autosave.collab.getState().conflicts?.map((c) => c.key)).toEqual(['node:a']);
    // Further edits wait while the choice is open.
    b.store.getState().patchNode('b', { label: 'Later edit' });
    await settle();
    expect(server.state.saves).toBe(1);

    await b.autosave.settle({ 'node:a': 'mine' });
    expect(b.store.getState().save.status).toBe('saved');
    expect(label(server.draft(), 'a')).toBe('Ben’s name');
    expect(label(server.draft(), 'b')).toBe('Later edit');

    await a.autosave.sync();
    const [notice] = a.autosave.collab.getState().replaced;
    expect(notice).toMatchObject({ key: 'node:a', yours: expect.objectContaining({ label: 'Ana’s name' }) });
    expect(label(a.store.getState().graph, 'a')).toBe('Ben’s name');

    await a.autosave.reapply(notice!);
    expect(label(server.draft(), 'a')).toBe('Ana’s name');
    expect(a.autosave.collab.getState().replaced).toEqual([]);
    await b.autosave.sync();
    expect(b.autosave.collab.getState().replaced.map((n) => n.key)).toEqual(['node:a']);
    a.autosave.stop();
    b.autosave.stop();
  });

  it('still hears that its change was replaced when it saved again before its next heartbeat', async () => {
    const server = draftServer(start());
    const a = tab(server, 'ana');
    const b = tab(server, 'ben');
    a.store.getState().patchNode('a', { label: 'Ana’s name' });
    await a.autosave.flush();
    b.store.getState().patchNode('a', { label: 'Ben’s name' });
    await b.autosave.flush();
    await b.autosave.settle({ 'node:a': 'mine' });
    // Ana edits another step and saves (merged) before any heartbeat: she is now past that revision.
    a.store.getState().patchNode('b', { label: 'Ana again' });
    await a.autosave.flush();
    expect(a.store.getState().save.revision).toBe(4);
    await a.autosave.sync();
    expect(a.autosave.collab.getState().replaced.map((n) => n.key)).toEqual(['node:a']);
    a.autosave.stop();
    b.autosave.stop();
  });

  it('never says Saved for an edit made while a save was in flight', async () => {
    const server = draftServer(start());
    const { store, autosave } = tab(server, 'ana');
    store.getState().patchNode('a', { label: 'One' });
    const saving = autosave.flush();
    store.getState().patchNode('b', { label: 'Two' });
    await saving;
    expect(store.getState().save.status).not.toBe('saved');
    await settle();
    expect(store.getState().save.status).toBe('saved');
    expect(label(server.draft(), 'b')).toBe('Two');
    autosave.stop();
  });

  it('keeps unsaved edits in localStorage when the key is revoked, and a new tab saves them', async () => {
    const server = draftServer(start());
    const first = tab(server, 'ana');
    let rejected = 0;
    const store = first.store;
    first.autosave.stop();
    const autosave = startAutosave(store, server.api('ana'), 'wf', {
      delayMs: 10,
      pendingName: () => 'Test journey',
      onKeyRejected: () => rejected++,
    });
    server.state.revoked = true;
    store.getState().patchNode('a', { label: 'Kept' });
    await settle();
    expect(store.getState().save.status).toBe('signed-out');
    expect(rejected).toBe(1);
    expect(pendingEdits.read('wf')).toMatchObject({ baseRevision: 1, name: 'Test journey' });
    autosave.stop();

    // Meanwhile someone else saved; then the user signs in again and opens the draft.
    server.state.revoked = false;
    await server
      .api('ben')
      .saveDraft('wf', { ...server.draft(), name: 'Renamed by Ben' }, 1, { session: 'ben-tab-1' });
    const pending = pendingEdits.read('wf')!;
    const reopened = createEditorStore({ graph: pending.graph, catalog: testCatalog(), revision: 2 });
    const again = startAutosave(reopened, server.api('ana'), 'wf', {
      delayMs: 10,
      base: { graph: server.draft(), revision: pending.baseRevision },
      pendingName: () => 'Test journey',
    });
    await settle();
    expect(label(server.draft(), 'a')).toBe('Kept');
    expect(server.draft().name).toBe('Renamed by Ben');
    expect(reopened.getState().save.status).toBe('saved');
    expect(pendingEdits.read('wf')).toBeNull();
    again.stop();
  });

  it('hands a store over to a new engine mid-save: the old save lands, the new engine owns the tab', async () => {
    const server = draftServer(start());
    const { store, autosave } = tab(server, 'ana');
    await server
      .api('ben')
      .saveDraft('wf', { ...server.draft(), name: 'Renamed by Ben' }, 1, { session: 'ben' });
    store.getState().patchNode('a', { label: 'Handed over' });
    // The page re-creates its engine (as a re-render does) while the first save is in flight; the
    // new one starts from the edits the old one kept, as useDraftCollaboration does.
    const saving = autosave.flush();
    autosave.stop();
    const kept = pendingEdits.read('wf')!;
    expect(label(kept.graph, 'a')).toBe('Handed over');
    const next = startAutosave(store, server.api('ana'), 'wf', {
      delayMs: 10,
      base: { graph: server.draft(), revision: kept.baseRevision },
      pendingName: () => 'Test journey',
    });
    await saving;
    await settle();
    expect(label(server.draft(), 'a')).toBe('Handed over');
    expect(server.draft().name).toBe('Renamed by Ben');
    expect(store.getState().graph.name).toBe('Renamed by Ben');
    expect(store.getState().save.status).toBe('saved');
    expect(pendingEdits.read('wf')).toBeNull();
    next.stop();
  });

  it('retries after a network error and says Not saved meanwhile', async () => {
    const server = draftServer(start());
    const { store, autosave } = tab(server, 'ana');
    server.state.down = true;
    store.getState().patchNode('a', { label: 'Eventually' });
    await settle();
    expect(store.getState().save.status).toBe('error');
    server.state.down = false;
    await settle();
    await settle();
    expect(store.getState().save.status).toBe('saved');
    expect(label(server.draft(), 'a')).toBe('Eventually');
    autosave.stop();
  });

  it('shares one tab id between the engine and its collaboration state', () => {
    const collab = createCollabStore('tab-1234567890');
    const server = draftServer(start());
    const store = createEditorStore({ graph: server.draft(), catalog: testCatalog(), revision: 1 });
    const autosave = startAutosave(store, server.api('ana'), 'wf', { collab });
    expect(autosave.collab.getState().session).toBe('tab-1234567890');
    autosave.stop();
  });
});

describe('live validation', () => {
  it('reports problems from the shared validateGraph and re-checks after edits', async () => {
    const graph = graphOf([node('t', 'trigger'), node('w')], ['t>w']);
    graph.nodes[0] = { ...(graph.nodes[0] as Graph['nodes'][number]), config: { event: 'page.viewed' } };
    const store = createEditorStore({ graph, catalog: testCatalog(), newId: counterIds() });
    const stop = startLiveValidation(store, 5);
    const before = store.getState().problems.length;
    store.getState().addNodeOfType('send', { x: 0, y: 0 }); // unreachable: a new problem
    await settle();
    const problems = store.getState().problems;
    expect(problems.length).toBeGreaterThan(before);
    expect(problems.some((p) => p.nodeId === store.getState().selectedNodeIds[0])).toBe(true);
    stop();
  });
});
