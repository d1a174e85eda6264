import { type ChannelSettingsView, roleAllows } from '@crossroads/api';
import { Send } from 'lucide-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client.js';
import { useSession } from '../app/session.js';
import { useWorkspaceApi } from '../operate/shell/workspaceApi.js';
import { messageOf } from '../ui/errorMessage.js';
import { CrmSection, RemoveSecretDialog, type Secret } from './CrmSection.js';
import { GuardrailsSection } from './GuardrailsSection.js';
import { SaveBar, type SaveResult } from './SaveBar.js';
import { SenderSection } from './SenderSection.js';
import {
  formOf,
  inputOf,
  isDirty,
  keepsDefaultSender,
  lacksPostalAddress,
  type SendingForm,
  secretsInput,
} from './sendingForm.js';
import {
  apiProblems,
  errorsStanding,
  type FieldErrors,
  fieldId,
  firstError,
  formProblems,
} from './sendingProblems.js';
import './sending.css';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const fieldsWord = (n: number) => (n === 1 ? '1 field needs' : `${n} fields need`);

/** `/settings/sending`: sender, guardrails and CRM endpoint of the workspace, in words. */
export function SendingView() {
  const api = useWorkspaceApi();
  const { me } = useSession();
  const zone = useMemo(browserZone, []);
  const [saved, setSaved] = useState<ChannelSettingsView | null>(null);
  const [savedForm, setSavedForm] = useState<SendingForm | null>(null);
  const [form, setForm] = useState<SendingForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ at: SendingForm; fields: FieldErrors } | null>(null);
  const [result, setResult] = useState<SaveResult | null>(null);
  const [saving, setSaving] = useState(false);
  const [generated, setGenerated] = useState<Array<{ id: string; secret: string }>>([]);
  const [removing, setRemoving] = useState<Secret | null>(null);
  const allowed = roleAllows(me.role, 'workspace:manage');

  const adopt = useCallback(
    (view: ChannelSettingsView, { keepForm = false } = {}) => {
      const fresh = formOf(view, zone);
      setSaved(view);
      setSavedForm(fresh);
      if (!keepForm) setForm(fresh);
    },
    [zone],
  );
  const load = useCallback(() => {
    setLoadError(null);
    api.channelSettings().then(adopt, (e: unknown) => setLoadError(messageOf(e)));
  }, [api, adopt]);
  useEffect(() => {
    if (allowed) load();
  }, [allowed, load]);

  const dirty = !!form && !!savedForm && isDirty(form, savedForm);
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  if (!allowed) {
    return (
      <main className="page__body empty-state" data-testid="sending-page">
        <Send size={32} aria-hidden="true" />
        <h1>Sending</h1>
        <p className="muted">Only an admin can change how email is sent. Ask one of your admins.</p>
      </main>
    );
  }

  const shown = errors && form ? errorsStanding(errors.fields, errors.at, form) : {};
  const refuse = (at: SendingForm, fields: FieldErrors, other: string[] = []) => {
    setErrors({ at, fields });
    const count = Object.keys(fields).length;
    setResult({
      ok: false,
      text: ['Not saved.', count ? `${fieldsWord(count)} attention.` : '', ...other]
        .filter(Boolean)
        .join(' '),
    });
    const first = firstError(fields);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  };

  const save = async () => {
    if (!form || !saved || !dirty) return;
    const problems = formProblems(form, !keepsDefaultSender(form, saved));
    if (Object.keys(problems).length > 0) return refuse(form, problems);
    setSaving(true);
    setResult(null);
    try {
      const answer = await api.saveChannelSettings(inputOf(form, saved));
      adopt(answer);
      setErrors(null);
      if (answer.generatedSecrets.length > 0) setGenerated(answer.generatedSecrets);
      setResult({ ok: true, text: 'Saved. New emails and webhooks use these settings.' });
    } catch (error) {
      if (error instanceof ApiError && error.problems.length > 0) {
        const { fields, other } = apiProblems(error.problems);
        refuse(form, fields, other);
      } else setResult({ ok: false, text: `Not saved: ${messageOf(error)}` });
    } finally {
      setSaving(false);
    }
  };

  // Secrets change at once, from the saved settings: the form's unsaved edits stay unsaved.
  const changeSecrets = async (change: { generate: true } | { remove: string }) => {
    if (!saved) return;
    const answer = await api.saveChannelSettings(secretsInput(saved, change));
    adopt(answer, { keepForm: true });
    setGenerated(answer.generatedSecrets);
  };
  const generate = async () => {
    const at = form;
    if (!at) return;
    const { secrets: _done, ...others } = shown;
    try {
      await changeSecrets({ generate: true });
      setErrors({ at, fields: others });
    } catch (error) {
      const found =
        error instanceof ApiError ? Object.values(apiProblems(error.problems).fields)[0] : undefined;
      setErrors({
        at,
        fields: { ...others, secrets: `No secret was generated: ${found ?? messageOf(error)}` },
      });
    }
  };

  const edit = (update: (f: SendingForm) => SendingForm) => {
    setForm((f) => (f ? update(f) : f));
    setResult(null);
  };

  return (
    <main className="page__body list-page send-page" data-testid="sending-page">
      <div className="list-page__head">
        <div>
          <h1>Sending</h1>
          <p className="muted">
            Who your emails come from, how often contacts get marketing email, and where handoffs go.
          </p>
        </div>
      </div>
      {loadError && (
        <div className="banner banner--error" role="alert">
          <span>Could not load the sending settings: {loadError}</span>
          <button type="button" className="btn btn--small" onClick={load}>
            Try again
          </button>
        </div>
      )}
      {!form && !loadError && <div className="skeleton-list" aria-busy="true" />}
      {form && saved && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <SenderSection
            form={form}
            onChange={edit}
            errors={shown}
            lacksAddress={lacksPostalAddress(saved)}
          />
          <GuardrailsSection form={form} onChange={edit} errors={shown} />
          <CrmSection
            form={form}
            onChange={edit}
            errors={shown}
            secrets={saved.crm.secrets}
            generated={generated}
            onGenerate={generate}
            onAskRemove={setRemoving}
            onDismiss={() => setGenerated([])}
          />
          <SaveBar
            dirty={dirty}
            saving={saving}
            result={result}
            onDiscard={() => {
              if (savedForm) setForm(savedForm);
              setErrors(null);
              setResult(null);
            }}
          />
        </form>
      )}
      {removing && saved && (
        // Outside the page's form: a form in a form is invalid HTML and submits both.
        <RemoveSecretDialog
          secret={removing}
          lastOfEndpoint={saved.crm.webhookUrl !== null && saved.crm.secrets.length === 1}
          onClose={() => setRemoving(null)}
          onRemove={async () => {
            await changeSecrets({ remove: removing.id });
            setRemoving(null);
          }}
        />
      )}
    </main>
  );
}
