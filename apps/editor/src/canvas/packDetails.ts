import type { ApiNodeType } from '@crossroads/api';

/** What the palette says about a pack node before anyone uses it. */
export interface PackDetails {
  /** '@acme/crm 1.2.0' */
  pack: string;
  /** 'by Acme <dev@acme.com>', or null when the pack names no author. */
  author: string | null;
  /** 'May reach hooks.slack.com', or that it reaches no other service. */
  reach: string;
}

/**
 * The pack, version, author and reachable hosts of a pack node type, in words.
 *
 * @example
 * ```ts
 * packDetails(slackPost); // { pack: '@crossroads-examples/slack-notify 0.1.0', author: 'by Crossroads', reach: 'May reach hooks.slack.com' }
 * ```
 */
export function packDetails(entry: Pick<ApiNodeType, 'pack' | 'hosts'>): PackDetails {
  const hosts = entry.hosts ?? [];
  const reach =
    hosts.length === 0
      ? 'Reaches no other service'
      : `May reach ${hosts.length > 3 ? `${hosts.slice(0, 3).join(', ')} and ${hosts.length - 3} more` : hosts.join(', ')}`;
  return {
    pack: `${entry.pack.name} ${entry.pack.version}`,
    author: entry.pack.author ? `by ${entry.pack.author}` : null,
    reach,
  };
}

/** The same details as one line for a tooltip. */
export function packDetailsLine(details: PackDetails): string {
  return [`From the pack ${details.pack}`, details.author, details.reach].filter(Boolean).join(' · ');
}
