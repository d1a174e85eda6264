import './conditionBuilder.css';
import { Code2, ListFilter } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { checkRule } from '../conditions/checkRule.js';
import type { FieldDictionary } from '../conditions/dictionary.js';
import { deepEqual, fromLogic } from '../conditions/fromLogic.js';
import { CodeEditor } from '../monaco/CodeEditor.js';
import { RULE_MODEL_PREFIX } from '../monaco/jsonlogicLanguage.js';
import { CodeText } from '../ui/CodeText.js';
import { ConditionBuilder, type SegmentChoice } from './ConditionBuilder.js';

/** Text a rule's code view holds that could not be used (not JSON), and why. */
export interface RuleDraft {
  text: string;
  reason: string;
}

const format = (rule: unknown) => (rule === undefined ? '' : JSON.stringify(rule, null, 2));

/** Parses the code view's text; the reason is for people. */
function parseRule(
  text: string,
  required: boolean,
): { ok: true; rule: unknown } | { ok: false; reason: string } {
  // No text: no rule (an optional filter is off); a rule that must be there is not removed.
  if (text.trim() === '')
    return required ? { ok: false, reason: 'the rule is empty' } : { ok: true, rule: undefined };
  try {
    return { ok: true, rule: JSON.parse(text) };
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^JSON\.parse: /, '') : 'invalid';
    return { ok: false, reason: `it is not valid JSON (${detail})` };
  }
}

/** A rule for the builder; no rule at all (an optional filter left off) is an empty builder. */
export function readRule(rule: unknown): ReturnType<typeof fromLogic> {
  return rule === undefined
    ? { ok: true, model: { kind: 'group', combinator: 'and', children: [] } }
    : fromLogic(rule);
}

/**
 * A rule's two views: the condition builder (the default) and the JSONLogic code in Monaco (the
 * escape hatch). A rule the builder cannot express opens in the code view with the reason in one
 * line; switching views never changes the rule. Text that does not parse is reported through
 * `onDraft` and never written, so the journey keeps its last valid rule until it is fixed.
 */
export function RuleEditor({
  value,
  onChange,
  dictionary,
  readOnly,
  modelPath,
  draft,
  onDraft,
  label,
  required = false,
  showWarnings = true,
  segmentChoice,
}: {
  value: unknown;
  onChange(rule: unknown): void;
  dictionary: FieldDictionary;
  readOnly: boolean;
  /** Monaco model URI suffix, unique per field. */
  modelPath: string;
  draft?: RuleDraft | undefined;
  onDraft?(draft: RuleDraft | null): void;
  /** What the rule is, for the views' accessible names ("Rule of branch 1"). */
  label: string;
  /** Empty text is then a mistake kept as a draft, not "no rule". */
  required?: boolean;
  /** List the dictionary's warnings under the rule (off where the form shows the step's problems). */
  showWarnings?: boolean;
  /** Named segments the whole rule may be swapped for ("in segment"). */
  segmentChoice?: SegmentChoice | undefined;
}) {
  const read = useMemo(() => readRule(value), [value]);
  const [view, setView] = useState<'builder' | 'code'>(() => (read.ok && !draft ? 'builder' : 'code'));
  const [text, setText] = useState(() => draft?.text ?? format(value));
  const emitted = useRef<unknown>(value);
  useEffect(() => {
    if (deepEqual(value, emitted.current)) return;
    emitted.current = value;
    setText(format(value));
    onDraft?.(null);
  }, [value, onDraft]);

  const parsed = useMemo(() => parseRule(text, required), [text, required]);
  const codeRead = parsed.ok ? readRule(parsed.rule) : null;
  const showBuilder = view === 'builder' && read.ok;
  const warnings = useMemo(() => (parsed.ok ? checkRule(parsed.rule, dictionary) : []), [parsed, dictionary]);

  const editCode = (next: string) => {
    setText(next);
    const p = parseRule(next, required);
    if (p.ok) {
      onDraft?.(null);
      if (!deepEqual(p.rule, emitted.current)) {
        emitted.current = p.rule;
        onChange(p.rule);
      }
    } else onDraft?.({ text: next, reason: p.reason });
  };
  const discard = () => {
    setText(format(value));
    onDraft?.(null);
  };
  const builderBlocked = !parsed.ok
    ? 'fix the JSON first'
    : codeRead && !codeRead.ok
      ? `this rule ${codeRead.reason}`
      : undefined;

  return (
    <div className="rule-editor" data-view={showBuilder ? 'builder' : 'code'}>
      <fieldset
        className="segmented segmented--small plain-group"
        aria-label={`How to edit the ${label.toLowerCase()}`}
      >
        <button
          type="button"
          aria-pressed={showBuilder}
          className={showBuilder ? 'is-on' : ''}
          disabled={!showBuilder && builderBlocked !== undefined}
          title={
            builderBlocked
              ? `The builder cannot open it: ${builderBlocked}`
              : 'Pick fields, operators and values'
          }
          onClick={() => {
            setView('builder');
          }}
          data-testid="rule-view-builder"
        >
          <ListFilter size={13} aria-hidden="true" /> Builder
        </button>
        <button
          type="button"
          aria-pressed={!showBuilder}
          className={showBuilder ? '' : 'is-on'}
          onClick={() => {
            setText(draft?.text ?? format(value));
            setView('code');
          }}
          data-testid="rule-view-code"
        >
          <Code2 size={13} aria-hidden="true" /> Code
        </button>
      </fieldset>
      {showBuilder ? (
        <ConditionBuilder
          value={value}
          onChange={(rule) => {
            emitted.current = rule;
            setText(format(rule));
            onChange(rule);
          }}
          dictionary={dictionary}
          readOnly={readOnly}
          segmentChoice={segmentChoice}
        />
      ) : (
        <>
          {codeRead && !codeRead.ok && (
            <p className="rule-editor__reason" data-testid="rule-code-reason">
              Shown as code: this rule <CodeText text={codeRead.reason} />.
            </p>
          )}
          <div className="logic-field">
            <CodeEditor
              value={text}
              language="json"
              // Flat, URI-safe name: the schema's fileMatch glob does not cross '/' or brackets.
              path={`${RULE_MODEL_PREFIX}${modelPath.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`}
              onChange={readOnly ? undefined : editCode}
              readOnly={readOnly}
              ariaLabel={`${label} as JSONLogic`}
              height={Math.min(260, Math.max(90, text.split('\n').length * 19 + 20))}
            />
          </div>
          {!parsed.ok ? (
            <div className="field__error" role="alert" data-testid="rule-unsaved">
              Not saved: {parsed.reason}. The step keeps its last valid rule until this is fixed.{' '}
              {!readOnly && (
                <button type="button" className="link-btn" onClick={discard}>
                  Undo my edit
                </button>
              )}
            </div>
          ) : (
            <div className="field__hint">
              Type <code>"var": "</code> for contact, event and engagement fields.
            </div>
          )}
        </>
      )}
      {showWarnings && warnings.length > 0 && (
        <ul className="rule-editor__warnings" data-testid="rule-warnings">
          {warnings.map((w) => (
            <li key={`${w.code}${w.message}`}>
              <CodeText text={w.message} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
