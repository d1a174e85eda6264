import type { JourneyTemplate } from '@crossroads/api';
import { LayoutTemplate } from 'lucide-react';
import { useEffect, useState } from 'react';
import { navigate, paths } from '../app/router.js';
import { useWorkspaceApi } from '../operate/shell/workspaceApi.js';
import { messageOf } from '../ui/errorMessage.js';
import { ModalForm } from '../ui/ModalForm.js';

const typeWords = (type: string) => type.replace(/[-_/]+/g, ' ');

/** Start a journey from one of the shipped examples: pick one, name it, open its draft. */
export function TemplateDialog({ onClose }: { onClose(): void }) {
  const api = useWorkspaceApi();
  const [templates, setTemplates] = useState<JourneyTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [name, setName] = useState('');
  useEffect(() => {
    api.templates().then(
      (r) => setTemplates(r.items),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [api]);
  const pick = (t: JourneyTemplate) => {
    setChosen(t.id);
    setName(t.name);
  };
  return (
    <ModalForm
      id="from-template"
      title={
        <>
          <LayoutTemplate size={18} /> Start from a template
        </>
      }
      canSubmit={chosen !== null && name.trim() !== ''}
      submitLabel="Create journey"
      busyLabel="Creating…"
      submitTestId="template-create"
      onClose={onClose}
      onSubmit={async () => {
        const created = await api.fromTemplate(chosen!, name.trim());
        navigate(paths.workflow(created.id));
      }}
    >
      {error && <div className="banner banner--error">{error}</div>}
      {!templates && !error && <p className="muted">Loading templates…</p>}
      <fieldset className="ws-templates">
        <legend className="sr-only">Template</legend>
        {templates?.map((t) => (
          <label
            key={t.id}
            className={`ws-template${chosen === t.id ? ' is-on' : ''}`}
            data-testid="template"
          >
            <input
              type="radio"
              name="template"
              value={t.id}
              checked={chosen === t.id}
              onChange={() => pick(t)}
            />
            <span>
              <b>{t.name}</b>
              <span className="ws-template__desc">{t.description}</span>
              <span className="muted op-small">
                {t.steps} steps · {t.stepTypes.map(typeWords).join(', ')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      {chosen && (
        <div className="field">
          <label className="field__label" htmlFor="template-name">
            Name of the new journey
          </label>
          <input id="template-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
      )}
    </ModalForm>
  );
}
