import type { Segment } from '@crossroads/api';
import { Filter, Plus, Trash2 } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useSession } from '../app/session.js';
import { type RuleDraft, RuleEditor, readRule } from '../condition-builder/RuleEditor.js';
import { describeRule } from '../conditions/describe.js';
import { buildDictionary, typeOfField } from '../conditions/dictionary.js';
import { ALWAYS_RULE } from '../conditions/model.js';
import { fetchDictionary } from '../data-dictionary/varPaths.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { messageOf } from '../ui/errorMessage.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';

interface Editing {
  /** Undefined for a new segment. */
  id?: string;
  name: string;
  description: string;
  rule: unknown;
}

/** `/segments`: the workspace's named segments, each a rule built with the condition builder. */
export function SegmentsPage() {
  const { api, canEdit } = useSession();
  const [items, setItems] = useState<Segment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [dictionary, setDictionary] = useState(() => buildDictionary(null));
  const load = useCallback(() => {
    api.segments().then(
      ({ items }) => setItems(items),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [api]);
  useEffect(load, [load]);
  useEffect(() => {
    void fetchDictionary(api).then((answer) => setDictionary(buildDictionary(answer)));
  }, [api]);
  const summary = (rule: unknown) => {
    const read = readRule(rule);
    return read.ok ? describeRule(read.model, (p) => typeOfField(dictionary, p)) : 'a rule written as code';
  };

  return (
    <div className="page">
      <TopBar>
        <OperateNav current="segments" />
      </TopBar>
      <main className="page__body list-page" data-testid="segments-page">
        <div className="list-page__head">
          <div>
            <h1>Segments</h1>
            <p className="muted">Named groups of contacts that journeys can start on or branch by.</p>
          </div>
          {canEdit && (
            <button
              className="btn btn--primary"
              type="button"
              onClick={() => setEditing({ name: '', description: '', rule: structuredClone(ALWAYS_RULE) })}
            >
              <Plus size={16} aria-hidden="true" /> New segment
            </button>
          )}
        </div>
        {error && <div className="banner banner--error">{error}</div>}
        {editing && (
          <SegmentForm
            key={editing.id ?? 'new'}
            initial={editing}
            dictionary={dictionary}
            readOnly={!canEdit}
            onDone={() => {
              setEditing(null);
              load();
            }}
          />
        )}
        {items?.length === 0 && !editing && (
          <div className="empty-state">
            <Filter size={32} aria-hidden="true" />
            <h2>No segments yet</h2>
            <p className="muted">A segment names a rule, e.g. "Sales-ready: lead score at least 70".</p>
          </div>
        )}
        {items && items.length > 0 && (
          <table className="table" data-testid="segment-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Who is in it</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id}>
                  <td>
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() =>
                        setEditing({ id: s.id, name: s.name, description: s.description, rule: s.rule })
                      }
                    >
                      {s.name}
                    </button>
                  </td>
                  <td>Contacts whose {summary(s.rule)}</td>
                  <td className="muted">{s.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </main>
    </div>
  );
}

function SegmentForm({
  initial,
  dictionary,
  readOnly,
  onDone,
}: {
  initial: Editing;
  dictionary: ReturnType<typeof buildDictionary>;
  readOnly: boolean;
  onDone(): void;
}) {
  const { api } = useSession();
  const [form, setForm] = useState(initial);
  const [draft, setDraft] = useState<RuleDraft | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const onDraft = useCallback((d: RuleDraft | null) => setDraft(d), []);
  const nameOk = /^[A-Za-z0-9_.:-]+$/.test(form.name);
  const blocked = useMemo(() => {
    if (!nameOk) return 'Give it a name of letters, digits and _ . : - (e.g. sales-ready)';
    if (draft) return `The rule was not saved: ${draft.reason}`;
    return null;
  }, [nameOk, draft]);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const body = { name: form.name, description: form.description, rule: form.rule };
      if (form.id) await api.updateSegment(form.id, body);
      else await api.createSegment(body);
      onDone();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!form.id) return;
    try {
      await api.deleteSegment(form.id);
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const { items } = await api.segmentUsage(form.id).catch(() => ({ items: [] }));
        const where = items.map(
          (u) => `${u.workflowName} (${u.version === 'draft' ? 'draft' : `v${u.version}`})`,
        );
        setError(`Journeys use this segment, so it stays: ${where.join(', ') || e.message}`);
      } else setError(messageOf(e));
    }
  };
  return (
    <form
      className="segment-form"
      data-testid="segment-form"
      aria-label={form.id ? `Segment ${initial.name}` : 'New segment'}
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked && !busy) void save();
      }}
    >
      <div className="segment-form__row">
        <div className="field">
          <label className="field__label" htmlFor="segment-name">
            Name
          </label>
          <input
            id="segment-name"
            value={form.name}
            readOnly={readOnly}
            placeholder="sales-ready"
            aria-invalid={form.name !== '' && !nameOk}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="segment-description">
            Description
          </label>
          <input
            id="segment-description"
            value={form.description}
            readOnly={readOnly}
            placeholder="Who this is, in a few words"
            onChange={(e) => setForm({ ...form, description: e.target.value })}
          />
        </div>
      </div>
      <div className="field">
        <span className="field__label" id="segment-rule-label">
          Contacts in this segment
        </span>
        <RuleEditor
          value={form.rule}
          onChange={(rule) => setForm((f) => ({ ...f, rule: rule ?? structuredClone(ALWAYS_RULE) }))}
          dictionary={dictionary}
          readOnly={readOnly}
          modelPath={`segment-${form.id ?? 'new'}`}
          draft={draft ?? undefined}
          onDraft={onDraft}
          label="Segment rule"
          required
        />
      </div>
      {error && (
        <div className="banner banner--error" role="alert">
          {error}
        </div>
      )}
      {!readOnly && (
        <div className="segment-form__actions">
          <button
            type="submit"
            className="btn btn--primary"
            disabled={blocked !== null || busy}
            title={blocked ?? ''}
          >
            {busy ? 'Saving…' : 'Save segment'}
          </button>
          <button type="button" className="btn" onClick={onDone}>
            Cancel
          </button>
          {form.id && (
            <button type="button" className="btn btn--danger" onClick={() => void remove()}>
              <Trash2 size={14} aria-hidden="true" /> Delete
            </button>
          )}
          {blocked && form.name !== '' && <span className="muted">{blocked}</span>}
        </div>
      )}
    </form>
  );
}
