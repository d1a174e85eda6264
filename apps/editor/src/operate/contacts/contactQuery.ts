/** What the Contacts page searches by, as its URL keeps it. */
export interface ContactFilters {
  q: string;
  segment: string;
  workflowId: string;
  nodeId: string;
  attribute: string;
  op: AttributeOp;
  value: string;
}

export const ATTRIBUTE_OPS = {
  is: 'is',
  'is-not': 'is not',
  contains: 'contains',
  gt: 'is more than',
  lt: 'is less than',
  set: 'is set',
  unset: 'is not set',
} as const;
export type AttributeOp = keyof typeof ATTRIBUTE_OPS;

export const EMPTY_FILTERS: ContactFilters = {
  q: '',
  segment: '',
  workflowId: '',
  nodeId: '',
  attribute: '',
  op: 'is',
  value: '',
};

const needsValue = (op: AttributeOp) => op !== 'set' && op !== 'unset';

/**
 * The JSONLogic rule of "attribute op value", as the API's `filter` takes it; null when the
 * attribute (or a needed value) is missing.
 *
 * @example
 * attributeRule('plan', 'is', 'pro') // { '==': [{ var: 'contact.plan' }, 'pro'] }
 * attributeRule('lead_score', 'gt', '50') // { '>': [{ var: 'contact.lead_score' }, 50] }
 */
export function attributeRule(attribute: string, op: AttributeOp, value: string): object | null {
  const name = attribute.trim().replace(/^contact\./, '');
  if (!name || (needsValue(op) && value.trim() === '')) return null;
  const field = { var: `contact.${name}` };
  const number = Number(value);
  switch (op) {
    case 'is':
      return { '==': [field, value] };
    case 'is-not':
      return { '!=': [field, value] };
    case 'contains':
      return { in: [value, { cat: [field] }] };
    case 'gt':
      return { '>': [field, Number.isNaN(number) ? value : number] };
    case 'lt':
      return { '<': [field, Number.isNaN(number) ? value : number] };
    case 'set':
      return { '!!': [field] };
    case 'unset':
      return { '!': [field] };
  }
}

/** The filters as `GET /v1/contacts` parameters (empty ones left out). */
export function contactQuery(f: ContactFilters): Record<string, string> {
  const query: Record<string, string> = {};
  if (f.q.trim()) query.q = f.q.trim();
  if (f.segment) query.segment = f.segment;
  if (f.workflowId) {
    query.workflowId = f.workflowId;
    if (f.nodeId) query.nodeId = f.nodeId;
  }
  const rule = attributeRule(f.attribute, f.op, f.value);
  if (rule) query.filter = JSON.stringify(rule);
  return query;
}

/** The filters from the page's URL (`/contacts?q=ana&segment=warm`), so a search can be shared. */
export function filtersFromSearch(search: string): ContactFilters {
  const p = new URLSearchParams(search);
  const op = p.get('op') ?? 'is';
  return {
    q: p.get('q') ?? '',
    segment: p.get('segment') ?? '',
    workflowId: p.get('workflowId') ?? '',
    nodeId: p.get('nodeId') ?? '',
    attribute: p.get('attribute') ?? '',
    op: op in ATTRIBUTE_OPS ? (op as AttributeOp) : 'is',
    value: p.get('value') ?? '',
  };
}

/** The URL search of the filters (only those set), the inverse of filtersFromSearch. */
export function searchOfFilters(f: ContactFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v && !(k === 'op' && v === 'is')) p.set(k, v);
  const text = p.toString();
  return text ? `?${text}` : '';
}
