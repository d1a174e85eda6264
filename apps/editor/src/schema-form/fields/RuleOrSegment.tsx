import type { JsonSchema } from '@crossroads/api';
import { childPath, FormContext, useForm } from '../FormContext.js';

type Obj = Record<string, unknown>;

/** "Inline rule | Named segment": exactly one of the two is set. */
export function RuleOrSegment({
  obj,
  ruleKey,
  segmentKey,
  ruleSchema,
  segmentSchema,
  path,
  onChange,
}: {
  obj: Obj;
  ruleKey: string;
  segmentKey: string;
  ruleSchema: JsonSchema;
  segmentSchema: JsonSchema;
  path: string;
  onChange(value: Obj): void;
}) {
  const form = useForm();
  const { readOnly, segments, Field } = form;
  const usingSegment = obj[segmentKey] !== undefined;
  const choose = (segment: boolean) => {
    if (segment === usingSegment) return;
    const { [ruleKey]: _rule, [segmentKey]: _segment, ...rest } = obj;
    onChange(
      segment ? { ...rest, [segmentKey]: segments[0]?.name ?? '' } : { ...rest, [ruleKey]: { '==': [1, 1] } },
    );
  };
  return (
    <div className="rule-or-segment">
      <fieldset className="segmented plain-group" aria-label="Decide with conditions or a named segment">
        <button
          type="button"
          aria-pressed={!usingSegment}
          disabled={readOnly}
          className={usingSegment ? '' : 'is-on'}
          onClick={() => choose(false)}
        >
          Conditions
        </button>
        <button
          type="button"
          aria-pressed={usingSegment}
          disabled={readOnly}
          className={usingSegment ? 'is-on' : ''}
          onClick={() => choose(true)}
        >
          Named segment
        </button>
      </fieldset>
      {usingSegment ? (
        <Field
          name={segmentKey}
          schema={segmentSchema}
          value={obj[segmentKey]}
          path={childPath(path, segmentKey)}
          onChange={(v) => onChange({ ...obj, [segmentKey]: v })}
        />
      ) : (
        <FormContext.Provider
          value={{
            ...form,
            segmentChoice: {
              names: segments.map((s) => s.name),
              choose: (name) => {
                const { [ruleKey]: _rule, ...rest } = obj;
                onChange({ ...rest, [segmentKey]: name });
              },
            },
          }}
        >
          <Field
            name={ruleKey}
            schema={ruleSchema}
            required
            value={obj[ruleKey]}
            path={childPath(path, ruleKey)}
            onChange={(v) => onChange({ ...obj, [ruleKey]: v })}
          />
        </FormContext.Provider>
      )}
    </div>
  );
}
