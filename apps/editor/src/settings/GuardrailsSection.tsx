import { DURATION_UNITS, type DurationUnit } from '../schema-form/duration.js';
import { type DurationDraft, unitWord } from './durationDraft.js';
import { FieldError, inputProps, type SectionProps } from './fields.js';
import type { SendingForm } from './sendingForm.js';
import type { FieldErrors, FieldKey } from './sendingProblems.js';

const ZONES: readonly string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
})();

/** Frequency cap, quiet hours and fatigue, each switched on or off and set in a sentence. */
export function GuardrailsSection({ form, onChange, errors }: SectionProps) {
  const { cap, quiet, fatigue } = form;
  const setCap = (patch: Partial<SendingForm['cap']>) =>
    onChange((f) => ({ ...f, cap: { ...f.cap, ...patch } }));
  const setQuiet = (patch: Partial<SendingForm['quiet']>) =>
    onChange((f) => ({ ...f, quiet: { ...f.quiet, ...patch } }));
  const setFatigue = (patch: Partial<SendingForm['fatigue']>) =>
    onChange((f) => ({ ...f, fatigue: { ...f.fatigue, ...patch } }));
  return (
    <section className="send-section" aria-labelledby="send-guardrails" data-testid="sending-guardrails">
      <h2 id="send-guardrails">Guardrails</h2>
      <p className="muted">
        Limits on marketing email, for every journey. Transactional email is never held back by them
        (unsubscribes and bounces stop every email).
      </p>

      <fieldset className="send-rule" data-testid="sending-cap">
        <legend>How often</legend>
        <Switch checked={cap.on} onChange={(on) => setCap({ on })}>
          Limit how many marketing emails a contact gets
        </Switch>
        {cap.on && (
          <>
            <p className="send-sentence">
              At most
              <NumberInput
                field="maxSends"
                label="Most marketing emails per contact"
                value={cap.maxSends}
                errors={errors}
                onChange={(maxSends) => setCap({ maxSends })}
              />
              marketing {cap.maxSends.trim() === '1' ? 'email' : 'emails'} per contact every
              <DurationInput
                field="window"
                label="Period"
                draft={cap.window}
                errors={errors}
                onChange={(window) => setCap({ window })}
              />
            </p>
            <FieldError field="maxSends" errors={errors} />
            <FieldError field="window" errors={errors} />
            <Choices
              name="send-on-cap"
              legend="When a contact has had that many"
              value={cap.onCap}
              options={[
                ['defer', 'Hold the next email until the period has room'],
                ['skip', 'Do not send it'],
              ]}
              onChange={(onCap) => setCap({ onCap })}
            />
            <p className="field__hint">
              A journey with its own limit (Journey settings) uses that one instead.
            </p>
          </>
        )}
      </fieldset>

      <fieldset className="send-rule" data-testid="sending-quiet">
        <legend>Quiet hours</legend>
        <Switch checked={quiet.on} onChange={(on) => setQuiet({ on })}>
          Hold marketing email at night
        </Switch>
        {quiet.on && (
          <>
            <p className="send-sentence">
              Do not send between
              <input
                {...inputProps('quietStart', errors)}
                type="time"
                aria-label="Quiet hours start"
                value={quiet.start}
                onChange={(e) => setQuiet({ start: e.target.value })}
              />
              and
              <input
                {...inputProps('quietEnd', errors)}
                type="time"
                aria-label="Quiet hours end"
                value={quiet.end}
                onChange={(e) => setQuiet({ end: e.target.value })}
              />
              in the contact's time zone; emails due then wait until the quiet hours end.
            </p>
            <FieldError field="quietStart" errors={errors} />
            <FieldError field="quietEnd" errors={errors} />
            <p className="send-sentence">
              For contacts without a valid time zone, use
              <input
                {...inputProps('quietZone', errors)}
                className="send-zone"
                list="send-zones"
                aria-label="Time zone for contacts without one"
                value={quiet.zone}
                placeholder="Europe/Berlin"
                onChange={(e) => setQuiet({ zone: e.target.value })}
              />
              <datalist id="send-zones">
                {['UTC', ...ZONES].map((z) => (
                  <option key={z} value={z} />
                ))}
              </datalist>
            </p>
            <FieldError field="quietZone" errors={errors} />
          </>
        )}
      </fieldset>

      <fieldset className="send-rule" data-testid="sending-fatigue">
        <legend>Contacts who stop opening</legend>
        <Switch checked={fatigue.on} onChange={(on) => setFatigue({ on })}>
          Ease off contacts who stop opening
        </Switch>
        {fatigue.on && (
          <>
            <p className="send-sentence">
              When a contact opened none of their last
              <NumberInput
                field="opens"
                label="Marketing emails without an open"
                value={fatigue.opens}
                errors={errors}
                onChange={(opens) => setFatigue({ opens })}
              />
              marketing emails:
            </p>
            <FieldError field="opens" errors={errors} />
            <fieldset className="send-choices">
              <legend className="sr-only">What to do then</legend>
              <label className="send-choice">
                <input
                  type="radio"
                  name="send-fatigue"
                  checked={fatigue.action === 'slow'}
                  onChange={() => setFatigue({ action: 'slow' })}
                />
                Send them at most one every
              </label>
              <DurationInput
                field="slowBy"
                label="Time between emails to them"
                draft={fatigue.slowBy}
                errors={errors}
                onChange={(slowBy) => setFatigue({ slowBy, action: 'slow' })}
              />
              <label className="send-choice send-choice--next">
                <input
                  type="radio"
                  name="send-fatigue"
                  checked={fatigue.action === 'skip'}
                  onChange={() => setFatigue({ action: 'skip' })}
                />
                Send them no marketing email until they open one of those
              </label>
            </fieldset>
            <FieldError field="slowBy" errors={errors} />
          </>
        )}
      </fieldset>
    </section>
  );
}

function Switch({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange(on: boolean): void;
  children: string;
}) {
  return (
    <label className="switch send-switch">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span className="switch__track" />
      <span className="switch__text">{children}</span>
    </label>
  );
}

interface InlineProps {
  field: FieldKey;
  label: string;
  errors: FieldErrors;
}

function NumberInput({
  field,
  label,
  value,
  errors,
  onChange,
}: InlineProps & { value: string; onChange(v: string): void }) {
  return (
    <input
      {...inputProps(field, errors)}
      className="send-number"
      type="number"
      min={1}
      step={1}
      aria-label={label}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A number and a unit (minutes … weeks), named for the number beside it. */
function DurationInput({
  field,
  label,
  draft,
  errors,
  onChange,
}: InlineProps & { draft: DurationDraft; onChange(d: DurationDraft): void }) {
  return (
    <span className="send-duration">
      <input
        {...inputProps(field, errors)}
        className="send-number"
        type="number"
        min={0}
        step="any"
        aria-label={label}
        value={draft.amount}
        onChange={(e) => onChange({ ...draft, amount: e.target.value })}
      />
      <select
        aria-label={`${label}: unit`}
        value={draft.unit}
        onChange={(e) => onChange({ ...draft, unit: e.target.value as DurationUnit })}
      >
        {DURATION_UNITS.map((unit) => (
          <option key={unit} value={unit}>
            {unitWord(unit, draft.amount)}
          </option>
        ))}
      </select>
    </span>
  );
}

function Choices<T extends string>({
  name,
  legend,
  value,
  options,
  onChange,
}: {
  name: string;
  legend: string;
  value: T;
  options: Array<[T, string]>;
  onChange(value: T): void;
}) {
  return (
    <fieldset className="send-choices">
      <legend>{legend}:</legend>
      {options.map(([option, words]) => (
        <label key={option} className="send-choice">
          <input
            type="radio"
            name={name}
            value={option}
            checked={value === option}
            onChange={() => onChange(option)}
          />
          {words}
        </label>
      ))}
    </fieldset>
  );
}
