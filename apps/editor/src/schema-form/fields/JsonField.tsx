import { CodeEditor } from '../../monaco/CodeEditor.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import { useJsonText } from './useJsonText.js';

/** Anything the form has no widget for: raw JSON. */
export function JsonField({ value, onChange, path }: FieldProps<unknown>) {
  const { readOnly, modelKey } = useForm();
  const { text, error, edit } = useJsonText(value, onChange);
  return (
    <div>
      <CodeEditor
        value={text}
        language="json"
        path={`inmemory://fields/${modelKey}/${path}.json`}
        onChange={edit}
        readOnly={readOnly}
        height={120}
      />
      {error && <div className="field__error">JSON: {error}</div>}
    </div>
  );
}
