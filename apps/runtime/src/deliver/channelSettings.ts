import { randomBytes } from 'node:crypto';
import type { ChannelSettingsInput } from '@crossroads/api';
import { z } from 'zod';
import { DEFAULT_GUARDRAILS, GuardrailPolicy } from '../channels/guardrails/index.js';
import { checkUrlResolved, generateWebhookSecret, type SenderSettings } from '../channels/index.js';
import type { Queryable } from '../db/connect.js';

const NoLineBreaks = /^[^\r\n]*$/;

/**
 * The sender as stored. The PUT asks for a postal address whenever a sender is given
 * (`SenderSettings` of @crossroads/api); stored it may be empty: the default, saved when a PUT
 * leaves the sender out.
 */
export const SenderSettingsSchema = z.strictObject({
  fromName: z.string().max(100).regex(NoLineBreaks, 'must be one line'),
  fromEmail: z.email().max(320),
  replyTo: z.email().max(320).optional(),
  postalAddress: z.string().trim().max(500),
});

const StoredSecret = z.object({ id: z.string(), secret: z.string(), createdAt: z.string() });
type StoredSecret = z.infer<typeof StoredSecret>;

/** The stored shape (workspaces.settings.channels), versioned so it can be migrated later. */
const StoredChannelSettings = z.object({
  version: z.literal(1),
  sender: SenderSettingsSchema,
  guardrails: GuardrailPolicy,
  crm: z.object({ webhookUrl: z.string().nullable(), secrets: z.array(StoredSecret) }),
});

/** Sender, guardrails and CRM endpoint of one workspace, secrets included: for the runtime only. */
export interface ChannelSettings {
  sender: SenderSettings;
  guardrails: GuardrailPolicy;
  crm: { webhookUrl: string | null; secrets: StoredSecret[] };
}

/**
 * The sender of a workspace that has set none. No postal address: the footer then has no address
 * line, and the editor's Sending page asks for one (never a hint in the contacts' emails).
 */
export const DEFAULT_SENDER: SenderSettings = {
  fromName: 'Crossroads',
  fromEmail: 'journeys@crossroads.local',
  postalAddress: '',
};

/**
 * What DEFAULT_SENDER's postal address was until it became empty: a note for staff that every
 * footer printed. Workspaces whose PUT left the sender out stored it; it is read as no address.
 */
const FORMER_DEFAULT_ADDRESS = 'Set your postal address in the workspace sender settings';

export const DEFAULT_CHANNEL_SETTINGS: ChannelSettings = {
  sender: DEFAULT_SENDER,
  guardrails: DEFAULT_GUARDRAILS,
  crm: { webhookUrl: null, secrets: [] },
};

/** What the API shows: secrets by id and prefix only. */
export function channelSettingsView(settings: ChannelSettings) {
  return {
    sender: settings.sender,
    guardrails: settings.guardrails,
    crm: {
      webhookUrl: settings.crm.webhookUrl,
      secrets: settings.crm.secrets.map(({ id, secret, createdAt }) => ({
        id,
        prefix: `${secret.slice(0, 12)}…`,
        createdAt,
      })),
    },
  };
}

/**
 * The workspace's channel settings, defaults filled in. A stored value that no longer parses
 * (hand-edited in the database) falls back to the defaults rather than breaking every send.
 *
 * @example
 * ```ts
 * const { sender, guardrails } = await loadChannelSettings(sql, workspaceId);
 * ```
 */
export async function loadChannelSettings(sql: Queryable, workspaceId: string): Promise<ChannelSettings> {
  const [row] = await sql<{ channels: unknown }[]>`
    select settings -> 'channels' as channels from workspaces where id = ${workspaceId}`;
  return parseChannelSettings(row?.channels);
}

/** Channel settings from `workspaces.settings -> 'channels'` as stored (for callers that read it in a join). */
export function parseChannelSettings(stored: unknown): ChannelSettings {
  const parsed = StoredChannelSettings.safeParse(stored);
  if (!parsed.success) return DEFAULT_CHANNEL_SETTINGS;
  const { version: _version, ...settings } = parsed.data;
  if (settings.sender.postalAddress === FORMER_DEFAULT_ADDRESS)
    return { ...settings, sender: { ...settings.sender, postalAddress: '' } };
  return settings;
}

/** The CRM endpoint and its signing secrets (newest first), or null when none is set. */
export async function crmEndpoint(
  sql: Queryable,
  workspaceId: string,
): Promise<{ url: string; secrets: string[] } | null> {
  return crmEndpointOf(await loadChannelSettings(sql, workspaceId));
}

/** crmEndpoint of settings already read. */
export function crmEndpointOf({ crm }: ChannelSettings): { url: string; secrets: string[] } | null {
  if (!crm.webhookUrl || crm.secrets.length === 0) return null;
  return { url: crm.webhookUrl, secrets: crm.secrets.map((s) => s.secret) };
}

export type SaveResult =
  | { ok: true; settings: ChannelSettings; generated: Array<{ id: string; secret: string }> }
  | { ok: false; path: string; message: string };

/**
 * Replaces the workspace's channel settings (PUT semantics: an omitted section returns to its
 * default, except CRM secrets, which are kept when `crm.secrets` is omitted). The webhook URL is
 * checked for SSRF at save time, its name resolved (any forbidden address refuses it); it is checked
 * again at connect time by guardedFetch, which connects only to the address it checked.
 */
export async function saveChannelSettings(
  sql: Queryable,
  workspaceId: string,
  input: ChannelSettingsInput,
  options: { allowLoopback: boolean },
): Promise<SaveResult> {
  const current = await loadChannelSettings(sql, workspaceId);
  const webhookUrl = input.crm?.webhookUrl ?? null;
  if (webhookUrl !== null) {
    const check = await checkUrlResolved(webhookUrl, { allowLoopback: options.allowLoopback });
    if (!check.ok) return { ok: false, path: 'crm.webhookUrl', message: `URL refused: ${check.reason}` };
  }
  const generated: Array<{ id: string; secret: string }> = [];
  const now = new Date().toISOString();
  const fresh = (secret: string): StoredSecret => ({
    id: `sec_${randomBytes(6).toString('hex')}`,
    secret,
    createdAt: now,
  });
  let secrets: StoredSecret[] = current.crm.secrets;
  if (input.crm?.secrets) {
    secrets = [];
    for (const [i, entry] of input.crm.secrets.entries()) {
      if ('secret' in entry) secrets.push(fresh(entry.secret));
      else if ('generate' in entry) {
        const made = fresh(generateWebhookSecret());
        generated.push({ id: made.id, secret: made.secret });
        secrets.push(made);
      } else {
        const kept = current.crm.secrets.find((s) => s.id === entry.id);
        if (!kept)
          return { ok: false, path: `crm.secrets[${i}].id`, message: `no secret with id '${entry.id}'` };
        secrets.push(kept);
      }
    }
  }
  if (webhookUrl !== null && secrets.length === 0) {
    // An endpoint without a secret would receive unsigned handoffs: make one and show it once.
    const made = fresh(generateWebhookSecret());
    generated.push({ id: made.id, secret: made.secret });
    secrets = [made];
  }
  const settings: ChannelSettings = {
    sender: input.sender ?? DEFAULT_SENDER,
    guardrails: { ...DEFAULT_GUARDRAILS, ...input.guardrails },
    crm: { webhookUrl, secrets },
  };
  const stored = { version: 1, ...settings };
  await sql`update workspaces set settings = jsonb_set(settings, '{channels}', ${sql.json(stored as never)})
            where id = ${workspaceId}`;
  return { ok: true, settings, generated };
}
