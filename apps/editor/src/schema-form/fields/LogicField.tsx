import { CodeEditor } from '../../monaco/CodeEditor.js';
import { RULE_MODEL_PREFIX } from '../../monaco/jsonlogicLanguage.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';
import { useJsonText } from './useJsonText.js';

/** A JSONLogic rule in Monaco: schema-checked operators, completion of `var` paths. */
export function LogicField({ value, onChange, path }: FieldProps<unknown>) {
  const { readOnly, modelKey } = useForm();
  const { text, error, edit } = useJsonText(value, onChange);
  return (
    <div className="logic-field">
      <CodeEditor
        value={text}
        language="json"
        // Flat, URI-safe name: the schema's fileMatch glob does not cross '/' or brackets.
        path={`${RULE_MODEL_PREFIX}${`${modelKey}-${path || 'rule'}`.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`}
        onChange={edit}
        readOnly={readOnly}
        height={Math.min(260, Math.max(90, text.split('\n').length * 19 + 20))}
      />
      {error ? (
        <div className="field__error">JSON: {error}</div>
      ) : (
        <div className="field__hint">
          Type <code>"var": "</code> for contact, event and engagement fields.
        </div>
      )}
    </div>
  );
}
