/** The contact previews render against. */
export const SAMPLE_CONTACT: Record<string, unknown> = {
  id: 'sample-contact',
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace',
  company: 'Analytical Engines Ltd',
  industry: 'saas',
  country: 'GB',
  lead_score: 87,
  plan: 'pro',
};

/**
 * A rough Liquid render for when the server's preview is unavailable: fills `{{ path | default: 'x' }}`
 * from the sample data and drops `{% tags %}`. Not Liquid: the server render is the real one.
 *
 * @example
 * plainRender("Hi {{ contact.first_name | default: 'there' }}", { contact: { first_name: 'Ada' } }) // "Hi Ada"
 */
export function plainRender(template: string, data: Record<string, unknown>): string {
  return template
    .replace(/\{%-?[\s\S]*?-?%\}/g, '')
    .replace(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g, (_all, expr: string) => {
      const [path = '', ...filters] = expr.split('|').map((s) => s.trim());
      let value = readPath(data, path);
      for (const f of filters) {
        const m = /^default\s*:\s*(['"])(.*)\1$/.exec(f);
        if (m && (value === undefined || value === null || value === '')) value = m[2];
        if (f === 'upcase' && typeof value === 'string') value = value.toUpperCase();
        if (f === 'downcase' && typeof value === 'string') value = value.toLowerCase();
      }
      return value === undefined || value === null ? '' : escapeHtml(String(value));
    });
}

function readPath(data: Record<string, unknown>, path: string): unknown {
  if (/^(['"]).*\1$/.test(path)) return path.slice(1, -1);
  let cur: unknown = data;
  for (const part of path.split('.')) {
    if (!cur || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
