import type { Graph } from '@crossroads/graph-schema';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.js';
import { counterIds } from '../graph-ops/index.js';
import { createEditorStore } from '../store/createEditorStore.js';
import { testCatalog } from '../test-support/catalog.js';
import { graphOf, node } from '../test-support/graphs.js';
import { startAutosave } from './autosave.js';
import { startLiveValidation } from './liveValidation.js';

/** An in-memory draft endpoint with the runtime's revision rule. */
function draftServer(graph: Graph) {
  const state = { graph, revision: 1, saves: 0 };
  return {
    state,
    async saveDraft(_id: string, g: Graph, baseRevision: number) {
      if (baseRevision !== state.revision) {
        throw new ApiError(409, {
          title: 'Conflict',
          status: 409,
          detail: `The draft changed since revision ${baseRevision}`,
        });
      }
      state.graph = g;
      state.revision++;
      state.saves++;
      return { draftRevision: state.revision };
    },
    async getWorkflow() {
      return { draft: state.graph, draftRevision: state.revision };
    },
  };
}

const setup = () => {
  const graph = graphOf([node('t', 'trigger')]);
  const store = createEditorStore({ graph, catalog: testCatalog(), revision: 1, newId: counterIds() });
  const server = draftServer(graph);
  const autosave = startAutosave(store, server, 'wf', 10);
  return { store, server, autosave };
};

const settle = () => new Promise((r) => setTimeout(r, 40));

describe('autosave', () => {
  it('saves after a change with the revision it was loaded at, then tracks the new revision', async () => {
    const { store, server, autosave } = setup();
    store.getState().addNodeOfType('wait', { x: 0, y: 0 });
    expect(store.getState().save.status).toBe('dirty');
    await settle();
    expect(server.state.saves).toBe(1);
    expect(server.state.graph.nodes).toHaveLength(2);
    expect(store.getState().save).toEqual({ status: 'saved', revision: 2 });
    store.getState().addNodeOfType('send', { x: 0, y: 0 });
    await autosave.flush();
    expect(server.state.revision).toBe(3);
    autosave.stop();
  });

  it('stops at a conflict and lets the user take theirs or overwrite', async () => {
    const { store, server, autosave } = setup();
    server.state.revision = 5; // someone else saved meanwhile
    store.getState().addNodeOfType('wait', { x: 0, y: 0 });
    await autosave.flush();
    expect(store.getState().save.status).toBe('conflict');
    store.getState().addNodeOfType('send', { x: 0, y: 0 });
    await settle();
    expect(server.state.saves).toBe(0);

    await autosave.overwrite();
    expect(server.state.graph.nodes).toHaveLength(3);
    expect(store.getState().save).toEqual({ status: 'saved', revision: 6 });

    server.state.graph = graphOf([node('theirs', 'trigger')]);
    server.state.revision = 9;
    await autosave.takeTheirs();
    expect(store.getState().graph.nodes.map((n) => n.id)).toEqual(['theirs']);
    expect(store.temporal.getState().pastStates).toHaveLength(0);
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
