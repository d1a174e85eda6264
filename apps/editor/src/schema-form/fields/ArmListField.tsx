import { Plus, Scale, Trash2 } from 'lucide-react';
import { useId } from 'react';
import { type Arm, addArm, rebalance, removeArm, sharesProblem, sharesTotal } from '../arms.js';
import { childPath, useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/**
 * An experiment's arms (`x-editor: 'arms'`, the split step): a name and a share in percent per
 * arm, 2–5 arms, the total shown and asked to be 100. Ids are generated once and never shown, so
 * renaming or removing an arm leaves the lines of the others attached (as the gate's branches).
 */
export function ArmListField({ schema, value, onChange, path }: FieldProps<unknown>) {
  const { readOnly, errors } = useForm();
  const uid = useId();
  const arms: Arm[] = Array.isArray(value) ? (value as Arm[]) : [];
  const replace = (i: number, arm: Arm) => onChange(arms.map((a, j) => (j === i ? arm : a)));
  const min = schema.minItems ?? 2;
  const max = schema.maxItems ?? 5;
  const problem = sharesProblem(arms);
  return (
    <div className="branches arms" data-testid="arm-list">
      {arms.map((arm, i) => {
        const armPath = childPath(path, i);
        const name = arm.label.trim() || `Arm ${i + 1}`;
        const labelErrors = errors.get(childPath(armPath, 'label'));
        return (
          <div className="branch arm" key={arm.id} data-path={armPath}>
            <div className="branch__head">
              <label className="branch__index" htmlFor={`${uid}-${i}`}>
                <span className="sr-only">Name of arm </span>
                {i + 1}
              </label>
              <input
                id={`${uid}-${i}`}
                className="branch__name"
                type="text"
                value={arm.label}
                readOnly={readOnly}
                placeholder={i === 0 ? 'e.g. Current copy (the baseline)' : 'e.g. Shorter copy'}
                aria-invalid={labelErrors ? true : undefined}
                onChange={(e) => replace(i, { ...arm, label: e.target.value })}
              />
              <input
                className="arm__share"
                type="number"
                min={1}
                max={100}
                step={1}
                value={Number.isFinite(arm.weight) ? arm.weight : ''}
                readOnly={readOnly}
                aria-label={`Share of ${name} (percent)`}
                aria-invalid={problem ? true : undefined}
                onChange={(e) => replace(i, { ...arm, weight: Math.round(Number(e.target.value)) })}
              />
              <span aria-hidden="true">%</span>
              {!readOnly && (
                <button
                  type="button"
                  className="icon-btn icon-btn--ghost"
                  disabled={arms.length <= min}
                  onClick={() => onChange(removeArm(arms, i))}
                  aria-label={`Remove ${name}`}
                  title="Remove this arm (and the line leaving it)"
                >
                  <Trash2 size={14} />
                </button>
              )}
            </div>
            {labelErrors?.map((m) => (
              <div className="field__error" key={m}>
                {m}
              </div>
            ))}
          </div>
        );
      })}
      <p className={problem ? 'field__error' : 'muted'} role="status" data-testid="arm-total">
        {problem
          ? `The shares add up to ${sharesTotal(arms)}%: make them add up to 100%.`
          : `Total 100%. ${arms[0]?.label.trim() || 'The first arm'} is the baseline the others are compared with.`}
      </p>
      {!readOnly && (
        <div className="op-row">
          {arms.length < max && (
            <button
              type="button"
              className="btn btn--small btn--dashed"
              onClick={() => onChange(addArm(arms))}
              data-testid="add-arm"
            >
              <Plus size={14} /> Add arm
            </button>
          )}
          <button
            type="button"
            className="btn btn--small btn--ghost"
            onClick={() => onChange(rebalance(arms))}
          >
            <Scale size={14} /> Split evenly
          </button>
        </div>
      )}
    </div>
  );
}
