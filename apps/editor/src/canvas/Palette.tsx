import { useReactFlow } from '@xyflow/react';
import { PackageX, Search } from 'lucide-react';
import { useMemo, useState } from 'react';
import { BUILTIN_PACK, type CatalogEntry } from '../catalog/catalog.js';
import { freeSpot } from '../graph-ops/freeSpot.js';
import { useEditor, useEditorStore } from '../store/context.js';
import { NODE_TYPE_MIME } from './dnd.js';
import { NodeIcon } from './NodeIcon.js';
import { focusStep } from './overlays/focusStep.js';
import { packDetails, packDetailsLine } from './packDetails.js';

const CATEGORY_ORDER = ['Triggers', 'Flow', 'Timing', 'Messaging', 'Sales'];

/** Node types grouped by category and searchable; drag onto the canvas (or an edge) or click to add. */
export function Palette() {
  const store = useEditorStore();
  const catalog = useEditor((s) => s.catalog);
  const { screenToFlowPosition } = useReactFlow();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => groupEntries(latestOnly(catalog.entries), query), [catalog, query]);

  const addAtCenter = (type: string) => {
    const canvas = document.querySelector('.canvas')?.getBoundingClientRect();
    const center = canvas
      ? { x: canvas.left + canvas.width / 2, y: canvas.top + canvas.height / 2 }
      : { x: 400, y: 300 };
    const p = screenToFlowPosition(center);
    const s = store.getState();
    // Added from the keyboard or a click: in the middle of the view, below any card already there.
    const id = s.addNodeOfType(type, freeSpot(s.graph, s.sizes, { x: p.x - 130, y: p.y - 40 }));
    if (id) focusStep(id);
  };

  return (
    <aside className="palette" data-testid="palette">
      <div className="palette__search">
        <Search size={14} />
        <input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search steps"
          aria-label="Search steps"
        />
      </div>
      {catalog.packErrors.length > 0 && (
        <div className="palette__errors" role="alert" data-testid="pack-errors">
          <strong>
            <PackageX size={13} /> {catalog.packErrors.length} pack{catalog.packErrors.length > 1 ? 's' : ''}{' '}
            not loaded
          </strong>
          {catalog.packErrors.map((e) => (
            <p key={e.spec} title={e.message}>
              <code>{e.spec}</code>: {e.message}
            </p>
          ))}
        </div>
      )}
      <div className="palette__groups">
        {groups.map(([category, entries]) => (
          <section key={category} className="palette__group">
            <h3>{category}</h3>
            {entries.map((entry) => {
              const pack = entry.pack.name !== BUILTIN_PACK ? packDetails(entry) : null;
              return (
                <button
                  key={entry.type}
                  type="button"
                  className="palette__item"
                  draggable
                  data-testid={`palette-${entry.type}`}
                  title={`${entry.description}${pack ? `\n\n${packDetailsLine(pack)}` : ''}\n\nDrag onto the canvas or an arrow, or click to add.`}
                  onDragStart={(e) => {
                    e.dataTransfer.setData(NODE_TYPE_MIME, entry.type);
                    e.dataTransfer.effectAllowed = 'copy';
                  }}
                  onClick={() => addAtCenter(entry.type)}
                >
                  <span
                    className="palette__icon"
                    style={{ background: `${entry.color}1f`, color: entry.color }}
                  >
                    <NodeIcon name={entry.icon} size={15} />
                  </span>
                  <span className="palette__text">
                    <span className="palette__title">{entry.title}</span>
                    <span className="palette__desc">{entry.description}</span>
                    {pack && (
                      // Who made a pack node and what it may reach, before anyone uses it.
                      <span className="palette__packinfo" data-testid="pack-details">
                        <span className="palette__pack">{entry.pack.name}</span> {entry.pack.version}
                        {pack.author && <span className="palette__author">{pack.author}</span>}
                        <span className="palette__reach">{pack.reach}</span>
                      </span>
                    )}
                  </span>
                </button>
              );
            })}
          </section>
        ))}
        {groups.length === 0 && <p className="muted palette__empty">No step matches “{query}”.</p>}
      </div>
    </aside>
  );
}

/** The newest version of each type (what people add). */
export function latestOnly(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const latest = new Map<string, CatalogEntry>();
  for (const e of entries) if ((latest.get(e.type)?.version ?? -1) < e.version) latest.set(e.type, e);
  return [...latest.values()];
}

/** Categories in the product's order (unknown ones after, alphabetically), filtered by the query. */
export function groupEntries(
  entries: readonly CatalogEntry[],
  query: string,
): Array<[string, CatalogEntry[]]> {
  const q = query.trim().toLowerCase();
  const match = (e: CatalogEntry) =>
    !q || `${e.title} ${e.description} ${e.type} ${e.category}`.toLowerCase().includes(q);
  const groups = new Map<string, CatalogEntry[]>();
  for (const e of entries.filter(match)) groups.set(e.category, [...(groups.get(e.category) ?? []), e]);
  const rank = (c: string) => {
    const i = CATEGORY_ORDER.indexOf(c);
    return i < 0 ? CATEGORY_ORDER.length : i;
  };
  return [...groups.entries()].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}
