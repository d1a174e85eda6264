import type { Doc, GraphMigration } from './types.js';
import { isDoc } from './types.js';

const ID_LENGTH = 128;
const docs = (value: unknown): Doc[] => (Array.isArray(value) ? value.filter(isDoc) : []);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** 'Welcome Journey — Q3!' → 'welcome-journey-q3'. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
  return slug || 'journey';
}

const safeId = (raw: string) => raw.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, ID_LENGTH);

function migrateNode(node: Doc): Doc {
  const out: Doc = {
    id: node.id,
    type: node.type,
    version: 1,
    position: node.position ?? { x: 0, y: 0 },
    config: isDoc(node.data) ? node.data : {},
  };
  for (const key of ['label', 'owner', 'notes'] as const) {
    if (text(node[key]) !== undefined) out[key] = node[key];
  }
  return out;
}

/**
 * Edges saved without an id get `source-handle-target` (made id-safe, suffixed -2, -3… on a
 * clash): the same document always migrates to the same ids, so hashes are stable.
 */
function migrateEdges(edges: Doc[]): Doc[] {
  const taken = new Set(edges.map((edge) => text(edge.id)).filter((id) => id !== undefined));
  return edges.map((edge) => {
    const sourceHandle = text(edge.sourceHandle) ?? 'next';
    let id = text(edge.id);
    if (id === undefined) {
      const base = safeId(`${String(edge.source)}-${sourceHandle}-${String(edge.target)}`);
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base.slice(0, ID_LENGTH - 8)}-${n}`;
      taken.add(id);
    }
    return { id, source: edge.source, sourceHandle, target: edge.target };
  });
}

/**
 * v0 is what the first editor saved: React Flow's `{ name, nodes: [{ id, type, position, data,
 * label? }], edges: [{ id?, source, sourceHandle?, target }], reentry? }` with no schemaVersion.
 * Moves `data` to `config`, stamps node version 1, names unnamed edges, defaults `sourceHandle`
 * to 'next', moves `reentry` into settings with the other defaults, derives an id from the name,
 * and drops React Flow's view state (selected, width, viewport…).
 */
export const v0ToV1: GraphMigration = {
  from: 0,
  to: 1,
  name: 'v0-react-flow-to-v1',
  up(doc) {
    const name = text(doc.name) ?? 'Untitled journey';
    const out: Doc = {
      schemaVersion: 1,
      id: text(doc.id) ?? slugify(name),
      name,
      nodes: docs(doc.nodes).map(migrateNode),
      edges: migrateEdges(docs(doc.edges)),
      settings: { reentry: doc.reentry ?? 'once', timezone: 'UTC' },
    };
    if (text(doc.description) !== undefined) out.description = doc.description;
    return out;
  },
};
