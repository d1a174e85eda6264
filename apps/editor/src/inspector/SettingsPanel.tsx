import type { JsonSchema } from '@crossroads/api';
import { type Graph, GraphSettings } from '@crossroads/graph-schema';
import { useMemo } from 'react';
import { z } from 'zod';
import { EMPTY_DICTIONARY } from '../conditions/dictionary.js';
import { useServices } from '../editor/services.js';
import { SchemaForm } from '../schema-form/SchemaForm.js';
import { useEditor, useEditorStore } from '../store/context.js';
import { ExitRulesEditor } from './ExitRulesEditor.js';
import { PrioritySection } from './PrioritySection.js';
import { useFormDrafts } from './useFormDrafts.js';

// Exit rules have their own editor (in words); the form renders the other settings.
const settingsSchema = z.toJSONSchema(GraphSettings.omit({ exits: true }), {
  io: 'input',
  unrepresentable: 'any',
}) as JsonSchema;

/** Journey-wide settings: re-entry, goal, exit rules, time zone, frequency cap. */
export function SettingsPanel() {
  const store = useEditorStore();
  const settings = useEditor((s) => s.graph.settings);
  const description = useEditor((s) => s.graph.description);
  const readOnly = useEditor((s) => s.readOnly);
  const problems = useEditor((s) => s.problems);
  const { segments, preview, dictionary, workflowId } = useServices();
  const drafts = useFormDrafts(undefined);
  const errors = useMemo(() => {
    const out = new Map<string, string[]>();
    for (const p of problems) {
      const key = /^settings\.?(.*)$/.exec(p.path)?.[1];
      if (key !== undefined) out.set(key, [...(out.get(key) ?? []), p.message]);
    }
    return out;
  }, [problems]);
  return (
    <div className="inspector" data-testid="settings-panel">
      <header className="inspector__head">
        <div>
          <h2>Journey settings</h2>
          <p className="muted">Rules that apply to every contact in this journey.</p>
        </div>
      </header>
      <section className="inspector__section">
        <div className="field">
          <label className="field__label" htmlFor="settings-description">
            Description
          </label>
          <textarea
            id="settings-description"
            rows={2}
            value={description ?? ''}
            readOnly={readOnly}
            placeholder="What this journey is for"
            onChange={(e) => {
              const { description: _d, ...rest } = store.getState().graph;
              store
                .getState()
                .replaceGraph(e.target.value ? { ...rest, description: e.target.value } : (rest as Graph));
            }}
          />
        </div>
        <SchemaForm
          schema={settingsSchema}
          value={settings}
          onChange={(v) => {
            // The form does not know the exit rules: keep the ones the store holds.
            const { exits } = store.getState().graph.settings;
            const { exits: _form, ...rest } = v as Graph['settings'];
            store.getState().updateSettings(exits ? { ...rest, exits } : rest);
          }}
          readOnly={readOnly}
          segments={segments}
          dictionary={dictionary ?? EMPTY_DICTIONARY}
          drafts={drafts}
          errors={errors}
          modelKey="settings"
          preview={preview}
        />
        <ExitRulesEditor
          exits={settings.exits}
          onChange={(exits) => {
            const { exits: _old, ...rest } = store.getState().graph.settings;
            store.getState().updateSettings(exits ? { ...rest, exits } : rest);
          }}
          segments={segments}
          dictionary={dictionary ?? EMPTY_DICTIONARY}
          readOnly={readOnly}
        />
      </section>
      {workflowId && <PrioritySection workflowId={workflowId} />}
    </div>
  );
}
