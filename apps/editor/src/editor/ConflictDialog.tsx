import type { DraftConflict } from '@crossroads/api';
import { type MergeSide, stepTitle } from '@crossroads/graph-schema';
import { Copy, GitMerge } from 'lucide-react';
import { useState } from 'react';
import { useEditor } from '../store/context.js';
import { focusOnMount } from '../ui/focusOnMount.js';
import { clock, personName, possessive, useCollab, useCollabContext } from './collabContext.js';
import { conflictRows } from './conflictFields.js';
import './collab.css';

function reasonText(conflict: DraftConflict, them: string): string {
  const their = possessive(them);
  switch (conflict.reason) {
    case 'deleted-and-changed':
      return conflict.theirs === undefined
        ? `${them} deleted this step; you changed it.`
        : `You deleted this; ${them} changed it.`;
    case 'deleted-and-connected':
      return conflict.theirs === undefined
        ? `${them} deleted this step; you connected another step to it.`
        : `You deleted this step; ${them} connected another step to it.`;
    default:
      return `You both changed this. Only the fields that differ are shown; ${their} other changes and yours are kept.`;
  }
}

/**
 * The both-sides dialog: the items this tab and someone else changed differently, theirs next to
 * ours field by field in the labels people typed. Each needs a choice; keeping ours says who loses
 * what (they are told, and can put it back). "Decide later" closes it; nothing saves until then.
 */
export function ConflictDialog() {
  const context = useCollabContext();
  const conflicts = useCollab((s) => (s.conflictsOpen ? s.conflicts : null));
  const catalog = useEditor((s) => s.catalog);
  const nodes = useEditor((s) => s.graph.nodes);
  const [choices, setChoices] = useState<Record<string, MergeSide>>({});
  const [copied, setCopied] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!context || !conflicts || conflicts.length === 0) return null;
  const { autosave, me } = context;

  const stepLabel = (id: string) => {
    const node = nodes.find((n) => n.id === id);
    return node ? stepTitle(node, { typeTitle: (type) => catalog.latest(type)?.title ?? type }) : id;
  };
  const them = (c: DraftConflict) => personName(c.theirsBy, me);
  const people = [...new Set(conflicts.map(them))];
  const everyone = people.length === 1 ? (people[0] as string) : 'others';
  const decided = conflicts.every((c) => choices[c.key]);
  const later = () => autosave.collab.setState({ conflictsOpen: false });
  const chooseAll = (side: MergeSide) => setChoices(Object.fromEntries(conflicts.map((c) => [c.key, side])));
  const apply = async () => {
    setBusy(true);
    try {
      await autosave.settle(choices);
    } finally {
      setBusy(false);
    }
  };
  const copy = async (id: string, text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(id);
    } catch {
      setCopied(null);
    }
  };

  return (
    <div
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby="conflict-title"
      aria-describedby="conflict-intro"
      data-testid="conflict-dialog"
      onKeyDown={(e) => {
        // Keys pressed here are the dialog's: never canvas shortcuts (Delete would remove steps).
        e.stopPropagation();
        if (e.key === 'Escape') later();
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') e.preventDefault();
      }}
    >
      <div className="modal__card conflict">
        <header className="modal__head">
          <h2 id="conflict-title" tabIndex={-1} ref={focusOnMount}>
            <GitMerge size={18} aria-hidden="true" />
            {conflicts.length === 1
              ? `You and ${everyone} changed the same ${conflicts[0]?.kind === 'node' ? 'step' : 'thing'}`
              : `You and ${everyone} changed ${conflicts.length} of the same things`}
          </h2>
        </header>
        <p id="conflict-intro">
          Your other changes and theirs were kept. For what you both changed, choose which version stays.
          Nothing here is saved until you choose.
        </p>
        <div className="conflict__list">
          {conflicts.map((conflict, index) => {
            const name = them(conflict);
            const rows = conflictRows(conflict, catalog, stepLabel);
            const choice = choices[conflict.key];
            const group = `conflict-${index}`;
            return (
              <section
                key={conflict.key}
                className="conflict__item"
                data-testid="conflict-item"
                data-key={conflict.key}
                aria-labelledby={`${group}-title`}
              >
                <h3 id={`${group}-title`}>{capitalise(conflict.label)}</h3>
                <p className="conflict__reason">{reasonText(conflict, name)}</p>
                <table className="conflict__table">
                  <thead>
                    <tr>
                      <th scope="col">Field</th>
                      <th scope="col">
                        {capitalise(possessive(name))} version
                        {conflict.theirsBy ? `, saved ${clock(conflict.theirsBy.at)}` : ''}
                      </th>
                      <th scope="col">Your version</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((row) => {
                      const copyId = `${conflict.key}/${row.field}`;
                      return (
                        <tr key={row.field}>
                          <th scope="row">{row.field}</th>
                          <td data-side="theirs">
                            <span className="conflict__value">{row.theirs}</span>
                            {row.theirsText !== undefined && (
                              <button
                                type="button"
                                className="link-btn conflict__copy"
                                onClick={() => void copy(copyId, row.theirsText as string)}
                                aria-label={`Copy ${possessive(name)} ${row.field.toLowerCase()}`}
                              >
                                <Copy size={12} aria-hidden="true" /> {copied === copyId ? 'Copied' : 'Copy'}
                              </button>
                            )}
                          </td>
                          <td data-side="mine">
                            <span className="conflict__value">{row.mine}</span>
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
                <fieldset className="conflict__choice">
                  <legend className="sr-only">Which version of {conflict.label} stays</legend>
                  <label>
                    <input
                      type="radio"
                      name={group}
                      checked={choice === 'theirs'}
                      onChange={() => setChoices((c) => ({ ...c, [conflict.key]: 'theirs' }))}
                    />
                    Keep {possessive(name)}
                  </label>
                  <label>
                    <input
                      type="radio"
                      name={group}
                      checked={choice === 'mine'}
                      onChange={() => setChoices((c) => ({ ...c, [conflict.key]: 'mine' }))}
                    />
                    Keep mine
                  </label>
                </fieldset>
                {choice === 'mine' && (
                  <p className="conflict__warning" data-testid="conflict-warning">
                    {capitalise(possessive(name))} change to {conflict.label} will be replaced by yours.{' '}
                    {name === 'your other tab' ? 'That tab' : capitalise(name)} will be told and can put it
                    back.
                  </p>
                )}
                {choice === 'theirs' && (
                  <p className="conflict__note">Your change to {conflict.label} will be dropped.</p>
                )}
              </section>
            );
          })}
        </div>
        <footer className="modal__foot conflict__foot">
          <button type="button" className="btn" onClick={later}>
            Decide later
          </button>
          <span className="conflict__spacer" />
          <button type="button" className="btn" onClick={() => chooseAll('theirs')}>
            Keep all of {possessive(everyone)}
          </button>
          <button type="button" className="btn" onClick={() => chooseAll('mine')}>
            Keep all mine
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!decided || busy}
            onClick={() => void apply()}
            data-testid="conflict-apply"
          >
            {busy ? 'Saving…' : 'Save my choices'}
          </button>
        </footer>
      </div>
    </div>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
