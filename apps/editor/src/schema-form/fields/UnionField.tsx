import type { JsonSchema } from '@crossroads/api';
import { discriminatorOf, emptyValue, resolve, unionOptions } from '../classify.js';
import { childPath, fieldId, useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import { ObjectFields } from './ObjectFields.js';

const constOf = (s: JsonSchema | undefined): unknown => s?.const ?? s?.enum?.[0];

/** A discriminated union: a switch for the discriminator, then the chosen option's fields. */
export function UnionField({ schema, value, onChange, path }: FieldProps<unknown>) {
  const { root, readOnly, modelKey } = useForm();
  const labelId = `${fieldId(modelKey, childPath(path, 'kind'))}-label`;
  const options = unionOptions(schema).map((o) => resolve(o, root));
  const key = discriminatorOf(options, root) as string;
  const obj = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const index = Math.max(
    0,
    options.findIndex((o) => constOf(o.properties?.[key]) === obj[key]),
  );
  const chosen = options[index] as JsonSchema;
  const label = chosen.properties?.[key]?.title ?? key;
  const switchTo = (i: number) => {
    const option = options[i];
    if (!option) return;
    const fresh = emptyValue(option, root) as Record<string, unknown>;
    // Keep values the new option also has (e.g. the event type when switching modes).
    for (const prop of Object.keys(option.properties ?? {}))
      if (prop in obj && prop !== key) fresh[prop] = obj[prop];
    onChange({ ...fresh, [key]: constOf(option.properties?.[key]) });
  };
  return (
    <div className="fields" data-path={path}>
      <div className="field" data-path={childPath(path, key)}>
        <span className="field__label" id={labelId}>
          {label}
        </span>
        {options.length <= 4 ? (
          <fieldset className="segmented plain-group" aria-labelledby={labelId}>
            {options.map((o, i) => (
              <button
                key={String(constOf(o.properties?.[key]))}
                type="button"
                aria-pressed={i === index}
                className={i === index ? 'is-on' : ''}
                disabled={readOnly}
                onClick={() => switchTo(i)}
              >
                {o.title ?? String(constOf(o.properties?.[key]))}
              </button>
            ))}
          </fieldset>
        ) : (
          <select
            aria-labelledby={labelId}
            value={index}
            disabled={readOnly}
            onChange={(e) => switchTo(Number(e.target.value))}
          >
            {options.map((o, i) => (
              <option key={String(constOf(o.properties?.[key]))} value={i}>
                {o.title ?? String(constOf(o.properties?.[key]))}
              </option>
            ))}
          </select>
        )}
        {chosen.properties?.[key]?.description && (
          <div className="field__help">{chosen.properties[key]?.description}</div>
        )}
      </div>
      <ObjectFields schema={chosen} value={obj} onChange={onChange} path={path} hide={[key]} />
    </div>
  );
}
