import type { JsonSchema } from '@crossroads/api';
import { classify, emptyValue } from '../classify.js';
import { childPath, useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import { RuleOrSegment } from './RuleOrSegment.js';

type Obj = Record<string, unknown>;

/** The properties of an object, in schema order. `hide` skips keys a parent renders (a union's discriminator). */
export function ObjectFields({
  schema,
  value,
  onChange,
  path,
  hide = [],
}: FieldProps<unknown> & { hide?: string[] }) {
  const { root, Field } = useForm();
  const obj: Obj = value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
  const props = Object.entries(schema.properties ?? {}).filter(([key]) => !hide.includes(key));
  const required = new Set(schema.required ?? []);
  const set = (key: string, v: unknown) => {
    const next = { ...obj };
    if (v === undefined || (v === '' && !required.has(key))) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  // A rule that may be replaced by a named segment ("use this or segment") gets one switch for both.
  const logicKey = props.find(([k, s]) => classify(s, root) === 'logic' && !required.has(k))?.[0];
  const segmentKey = props.find(([k, s]) => classify(s, root) === 'segment' && !required.has(k))?.[0];
  const paired = logicKey && segmentKey ? [logicKey, segmentKey] : [];
  return (
    <div className="fields">
      {props.map(([key, propSchema]) => {
        if (paired.includes(key)) {
          if (key !== paired[0]) return null;
          return (
            <RuleOrSegment
              key={key}
              obj={obj}
              ruleKey={logicKey as string}
              segmentKey={segmentKey as string}
              ruleSchema={schema.properties?.[logicKey as string] as JsonSchema}
              segmentSchema={schema.properties?.[segmentKey as string] as JsonSchema}
              path={path}
              onChange={onChange}
            />
          );
        }
        return (
          <Field
            key={key}
            name={key}
            schema={propSchema}
            value={obj[key] ?? (required.has(key) ? emptyValue(propSchema, root) : undefined)}
            onChange={(v) => set(key, v)}
            path={childPath(path, key)}
            required={required.has(key)}
          />
        );
      })}
    </div>
  );
}
