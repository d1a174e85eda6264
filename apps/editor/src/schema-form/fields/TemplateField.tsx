import { Eye, EyeOff } from 'lucide-react';
import { useEffect, useState } from 'react';
import { CodeEditor } from '../../monaco/CodeEditor.js';
import { templateMeta } from '../classify.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/**
 * A Liquid template in Monaco with a live preview against the sample contact; HTML (highlighting,
 * escaping, preview) when the field says `'x-template': { format: 'html' }`.
 */
export function TemplateField({ schema, value, onChange, path }: FieldProps<unknown>) {
  const { readOnly, modelKey, preview } = useForm();
  const text = typeof value === 'string' ? value : '';
  const [showPreview, setShowPreview] = useState(false);
  const [html, setHtml] = useState('');
  const isHtml = templateMeta(schema)?.format === 'html';
  useEffect(() => {
    if (!showPreview) return;
    let live = true;
    const timer = setTimeout(() => {
      preview(text, isHtml ? 'html' : 'text').then((h) => live && setHtml(h));
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [showPreview, text, preview, isHtml]);
  return (
    <div className="template-field">
      <CodeEditor
        value={text}
        language={isHtml ? 'html' : 'liquid'}
        path={`inmemory://templates/${modelKey}/${path}.liquid`}
        onChange={onChange}
        readOnly={readOnly}
        height={Math.min(280, Math.max(80, text.split('\n').length * 19 + 24))}
      />
      <button type="button" className="link-btn" onClick={() => setShowPreview((s) => !s)}>
        {showPreview ? <EyeOff size={13} /> : <Eye size={13} />}{' '}
        {showPreview ? 'Hide preview' : 'Preview with sample contact'}
      </button>
      {showPreview && (
        <iframe
          className="template-preview"
          title="Template preview"
          sandbox=""
          srcDoc={wrap(html, isHtml)}
          data-testid="template-preview"
        />
      )}
    </div>
  );
}

function wrap(body: string, isHtml: boolean): string {
  const content = isHtml ? body : `<pre style="white-space:pre-wrap;font:13px/1.5 system-ui">${body}</pre>`;
  return `<!doctype html><meta charset="utf-8"><body style="margin:12px;font:14px/1.5 system-ui;color:#1f2937">${content}</body>`;
}
