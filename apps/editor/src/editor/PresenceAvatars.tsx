import type { Presence } from '@crossroads/api';
import { NodeAnnotations } from '../canvas/decorations/NodeAnnotations.js';
import { useEditor } from '../store/context.js';
import { useCollab, useCollabContext } from './collabContext.js';
import './collab.css';

// Dark enough for white initials (WCAG AA at 11px bold).
const COLOURS = ['#4338ca', '#0f766e', '#b45309', '#be123c', '#6d28d9', '#1d4ed8', '#15803d', '#9d174d'];

function colourOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return COLOURS[Math.abs(hash) % COLOURS.length] as string;
}

/** "AN" for "Ana", "BK" for "Ben Kim". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/[\s._-]+/)
    .filter(Boolean);
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : name.trim().slice(0, 2);
  return letters.toUpperCase() || '?';
}

/** The others on this draft: an avatar each, and who is editing in words. */
export function PresenceAvatars() {
  const context = useCollabContext();
  const present = useCollab((s) => s.present);
  const nodes = useEditor((s) => s.graph.nodes);
  if (!context || present.length === 0) return null;
  const { me } = context;
  const nameOf = (p: Presence) => (p.keyId === me.keyId ? 'You (another tab)' : p.name);
  const editors = present.filter((p) => p.canEdit);
  const names = [...new Set(editors.map(nameOf))];
  const words =
    names.length === 0
      ? `${present.length === 1 ? nameOf(present[0] as Presence) : `${present.length} people`} viewing`
      : names.length === 1
        ? `${names[0]} also editing`
        : names.length === 2
          ? `${names[0]} and ${names[1]} also editing`
          : `${names[0]} and ${names.length - 1} others also editing`;
  const describe = (p: Presence) => {
    const steps = p.editing
      .map((id) => nodes.find((n) => n.id === id))
      .filter(Boolean)
      .map((n) => `'${n?.label || n?.type}'`);
    const doing = p.canEdit ? 'editing' : 'viewing';
    return `${nameOf(p)} (${p.role}) is ${doing}${steps.length ? `, on ${steps.join(', ')}` : ''}`;
  };
  return (
    <div className="presence" data-testid="presence">
      <ul className="presence__avatars" aria-label="Also on this draft">
        {present.slice(0, 4).map((p) => (
          <li
            key={p.session}
            className="presence__avatar"
            style={{ background: colourOf(p.keyId) }}
            title={describe(p)}
            data-testid="presence-avatar"
            data-name={p.name}
          >
            <span aria-hidden="true">{initials(p.name)}</span>
            <span className="sr-only">{describe(p)}</span>
          </li>
        ))}
        {present.length > 4 && <li className="presence__more">+{present.length - 4}</li>}
      </ul>
      <span className="presence__words" aria-live="polite" data-testid="presence-words">
        {words}
      </span>
    </div>
  );
}

/** On the canvas: a small name card above each step someone else has selected. */
export function PresenceOnCanvas() {
  const context = useCollabContext();
  const present = useCollab((s) => s.present);
  if (!context || present.length === 0) return null;
  const byNode = new Map<string, string[]>();
  for (const p of present) {
    const name = p.keyId === context.me.keyId ? 'You (another tab)' : p.name;
    for (const id of p.editing) byNode.set(id, [...new Set([...(byNode.get(id) ?? []), name])]);
  }
  const items = [...byNode].map(([nodeId, names]) => ({
    nodeId,
    content: (
      <span className="presence-note" data-testid="presence-note">
        {names.join(', ')} {names.length === 1 ? 'is' : 'are'} here
      </span>
    ),
  }));
  return <NodeAnnotations items={items} />;
}
