import type { JsonSchema } from '@crossroads/api';
import { classify, resolve } from './classify.js';
import { FormContext, type FormContextValue } from './FormContext.js';
import { ObjectFields } from './fields/ObjectFields.js';
import { UnionField } from './fields/UnionField.js';
import { SchemaField } from './SchemaField.js';

/**
 * A form generated from a config's JSON Schema: objects, discriminated unions, enums, durations,
 * arrays, JSONLogic rules and Liquid templates, each with its title and description.
 */
export function SchemaForm({
  schema,
  value,
  onChange,
  ...ctx
}: Omit<FormContextValue, 'root' | 'Field'> & {
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
}) {
  const root = resolve(schema, schema);
  const kind = classify(root, schema);
  return (
    <FormContext.Provider value={{ ...ctx, root: schema, Field: SchemaField }}>
      {kind === 'object' ? (
        <ObjectFields schema={root} value={value} onChange={onChange} path="" />
      ) : kind === 'union' ? (
        <UnionField schema={root} value={value} onChange={onChange} path="" />
      ) : (
        <SchemaField name="config" schema={root} value={value} onChange={onChange} path="" />
      )}
    </FormContext.Provider>
  );
}
