import type { Graph } from '@crossroads/graph-schema';
import {
  describeExitRule,
  type ExitRule,
  type ExitRuleKind,
  exitRuleKind,
  exitRuleOf,
} from '@crossroads/nodes';
import { DoorOpen, Plus, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { FieldSelect } from '../condition-builder/FieldSelect.js';
import { RuleEditor } from '../condition-builder/RuleEditor.js';
import type { FieldDictionary } from '../conditions/dictionary.js';

type Kind = ExitRuleKind['kind'];
const KINDS: Array<[Kind, string]> = [
  ['left-segment', 'they leave a segment'],
  ['attribute', 'an attribute changes'],
  ['event', 'an event arrives'],
];

/** The same rule as another kind, keeping its name. */
function switchKind(rule: ExitRuleKind, kind: Kind): ExitRuleKind {
  if (kind === 'left-segment') return { kind, label: rule.label, segment: '' };
  if (kind === 'attribute') return { kind, label: rule.label, attribute: '' };
  return { kind, label: rule.label, event: '' };
}

/** A typed value as the attribute's type (a number field compares with a number). */
const typed = (text: string, type: string | undefined): unknown =>
  type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))
    ? Number(text)
    : type === 'boolean' && (text === 'true' || text === 'false')
      ? text === 'true'
      : text;

/**
 * The journey's exit rules in words: "End the journey when … they leave segment X / attribute Y
 * changes (to a value) / event Z arrives (only when …)", built from the segment list, the
 * condition builder's field picker and rule editor, and the workspace's event types. No JSONLogic
 * or ids: the stored rule is written by `exitRuleOf` of @crossroads/nodes, which the runtime reads.
 */
export function ExitRulesEditor({
  exits,
  onChange,
  segments,
  dictionary,
  readOnly,
}: {
  exits: Graph['settings']['exits'];
  onChange(exits: ExitRule[] | undefined): void;
  segments: readonly { name: string }[];
  dictionary: FieldDictionary;
  readOnly: boolean;
}) {
  const uid = useId();
  const rules = (exits ?? []).map(exitRuleKind);
  const write = (next: ExitRuleKind[]) => onChange(next.length ? next.map(exitRuleOf) : undefined);
  const replace = (i: number, rule: ExitRuleKind) => write(rules.map((r, j) => (j === i ? rule : r)));
  const contactFields = {
    ...dictionary,
    fields: dictionary.fields.filter((f) => f.group === 'Contact'),
  };
  return (
    <fieldset className="group exit-rules" data-testid="exit-rules">
      <legend>
        <DoorOpen size={14} aria-hidden="true" /> Exit rules
      </legend>
      <p className="field__help">
        Besides the goal, end a contact's journey when one of these happens. Checked on every contact update
        and event; the contact's history says which rule ended it.
      </p>
      {rules.map((rule, i) => {
        const id = `${uid}-${i}`;
        const name = rule.label.trim() || `Exit rule ${i + 1}`;
        const attributeField =
          rule.kind === 'attribute' ? dictionary.byPath.get(`contact.${rule.attribute}`) : undefined;
        return (
          <div className="branch exit-rule" key={id} data-testid={`exit-rule-${i}`}>
            <div className="branch__head">
              <label className="branch__index" htmlFor={`${id}-name`}>
                <span className="sr-only">Name of exit rule </span>
                {i + 1}
              </label>
              <input
                id={`${id}-name`}
                className="branch__name"
                value={rule.label}
                readOnly={readOnly}
                placeholder="e.g. Downgraded to free"
                onChange={(e) => replace(i, { ...rule, label: e.target.value })}
              />
              {!readOnly && (
                <button
                  type="button"
                  className="icon-btn icon-btn--ghost"
                  aria-label={`Remove ${name}`}
                  onClick={() => write(rules.filter((_, j) => j !== i))}
                >
                  <Trash2 size={14} />
                </button>
              )}
            </div>
            <label className="field">
              <span className="field__label">End the journey when</span>
              <select
                value={rule.kind}
                disabled={readOnly}
                aria-label={`When ${name} ends the journey`}
                onChange={(e) => replace(i, switchKind(rule, e.target.value as Kind))}
              >
                {KINDS.map(([k, words]) => (
                  <option key={k} value={k}>
                    {words}
                  </option>
                ))}
              </select>
            </label>
            {rule.kind === 'left-segment' && (
              <label className="field">
                <span className="field__label">Segment</span>
                <select
                  value={rule.segment}
                  disabled={readOnly}
                  aria-label={`Segment ${name} watches`}
                  onChange={(e) => replace(i, { ...rule, segment: e.target.value })}
                >
                  {!segments.some((s) => s.name === rule.segment) && (
                    <option value={rule.segment}>
                      {rule.segment ? `${rule.segment} (unknown)` : 'Choose a segment…'}
                    </option>
                  )}
                  {segments.map((s) => (
                    <option key={s.name} value={s.name}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {rule.kind === 'attribute' && (
              <>
                <div className="field exit-rule__field">
                  <span className="field__label">Attribute</span>
                  <FieldSelect
                    path={rule.attribute ? `contact.${rule.attribute}` : undefined}
                    dictionary={contactFields}
                    label={`Attribute ${name} watches`}
                    disabled={readOnly}
                    onPick={(path) => replace(i, { ...rule, attribute: path.replace(/^contact\./, '') })}
                  />
                </div>
                <div className="exit-rule__to">
                  <label>
                    <input
                      type="checkbox"
                      checked={'to' in rule}
                      disabled={readOnly}
                      onChange={(e) => {
                        const { to: _to, ...rest } = rule as { to?: unknown } & typeof rule;
                        replace(i, e.target.checked ? { ...rest, to: '' } : rest);
                      }}
                    />{' '}
                    only when it changes to
                  </label>
                  {'to' in rule && (
                    <input
                      value={rule.to === undefined || rule.to === null ? '' : String(rule.to)}
                      readOnly={readOnly}
                      list={attributeField?.values ? `${id}-values` : undefined}
                      aria-label={`Value ${name} waits for`}
                      placeholder="e.g. free"
                      onChange={(e) =>
                        replace(i, { ...rule, to: typed(e.target.value, attributeField?.type) })
                      }
                    />
                  )}
                  {attributeField?.values && (
                    <datalist id={`${id}-values`}>
                      {attributeField.values.map((v) => (
                        <option key={v} value={v} />
                      ))}
                    </datalist>
                  )}
                </div>
              </>
            )}
            {rule.kind === 'event' && (
              <>
                <label className="field">
                  <span className="field__label">Event</span>
                  <input
                    value={rule.event}
                    readOnly={readOnly}
                    list={`${id}-events`}
                    aria-label={`Event ${name} waits for`}
                    placeholder="e.g. subscription.cancelled"
                    onChange={(e) => replace(i, { ...rule, event: e.target.value })}
                  />
                  <datalist id={`${id}-events`}>
                    {dictionary.eventTypes.map((e) => (
                      <option key={e.type} value={e.type} />
                    ))}
                  </datalist>
                </label>
                <div className="field">
                  <span className="field__label">Only when (optional)</span>
                  <RuleEditor
                    value={rule.where}
                    onChange={(where) => {
                      const { where: _w, ...rest } = rule;
                      replace(i, where === undefined ? rest : { ...rest, where: where as never });
                    }}
                    dictionary={dictionary}
                    readOnly={readOnly}
                    modelPath={`settings-exits-${i}-where`}
                    label={`Condition of ${name}`}
                  />
                </div>
              </>
            )}
            <p className="muted" data-testid={`exit-rule-words-${i}`}>
              Ends the journey when {describeExitRule(exitRuleOf(rule))}.
            </p>
          </div>
        );
      })}
      {!readOnly && rules.length < 20 && (
        <button
          type="button"
          className="btn btn--small btn--dashed"
          data-testid="add-exit-rule"
          onClick={() => write([...rules, { kind: 'left-segment', label: '', segment: '' }])}
        >
          <Plus size={14} /> Add exit rule
        </button>
      )}
    </fieldset>
  );
}
