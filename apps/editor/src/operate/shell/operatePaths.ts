const wf = (id: string) => `/workflows/${encodeURIComponent(id)}`;

/** Shareable URLs of the operate views. */
export const operatePaths = {
  versions: (id: string) => `${wf(id)}/versions`,
  compare: (id: string, from: number | 'draft', to: number | 'draft') => `${wf(id)}/compare/${from}/${to}`,
  simulate: (id: string) => `${wf(id)}/simulate`,
  live: (id: string) => `${wf(id)}/live`,
  audit: () => '/audit',
  mailbox: () => '/mailbox',
  contacts: (q?: string) => (q ? `/contacts?${new URLSearchParams({ q })}` : '/contacts'),
  handoffs: () => '/handoffs',
  apiKeys: () => '/settings/api-keys',
  sending: () => '/settings/sending',
};
