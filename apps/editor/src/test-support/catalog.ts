import type { ApiNodeType } from '@crossroads/api';
import { createCatalog } from '../catalog/catalog.js';

const base = {
  description: '',
  icon: 'circle',
  color: '#64748b',
  pack: { name: 'crossroads', version: '0.1.0', author: null },
  hosts: [],
};

/** API node types shaped like the built-ins, known only through their JSON Schemas. */
export const apiNodeTypes: ApiNodeType[] = [
  {
    ...base,
    type: 'trigger',
    version: 1,
    title: 'Trigger',
    category: 'Triggers',
    kind: 'trigger',
    outputs: [{ id: 'next', label: 'Next' }],
    defaults: { event: 'page.viewed' },
    configSchema: {
      type: 'object',
      properties: { event: { type: 'string', minLength: 1 } },
      required: ['event'],
    },
  },
  {
    ...base,
    type: 'wait',
    version: 1,
    title: 'Wait',
    category: 'Timing',
    kind: 'wait',
    outputs: [{ id: 'next', label: 'Next' }],
    defaults: { duration: 'P1D' },
    configSchema: { type: 'object', properties: { duration: { type: 'string' } } },
  },
  {
    ...base,
    type: 'send',
    version: 1,
    title: 'Send email',
    category: 'Messaging',
    kind: 'action',
    outputs: [{ id: 'next', label: 'Next' }],
    defaults: { subject: 'Hello' },
    configSchema: { type: 'object', properties: { subject: { type: 'string' } } },
  },
];

export const testCatalog = () => createCatalog(apiNodeTypes);
