import { randomUUID } from 'node:crypto';
import type { SegmentMessage } from '@crossroads/api';
import type { Registry } from '@crossroads/nodes';
import type { Sql, TransactionSql } from '../db/connect.js';
import { actOnEvents, type StoredEvent } from './actOnEvents.js';
import type { EventInput } from './eventInput.js';
import { ingestEvents } from './ingestEvents.js';
import { insertEvents } from './storeEvents.js';
import { mergeContact } from './upsertContact.js';

type Message = SegmentMessage;
type Attributes = Record<string, unknown>;

/** Segment's event names ('Order Completed') as Crossroads event types (order_completed). */
export function eventType(name: string): string {
  const type = name
    .trim()
    .replace(/[^A-Za-z0-9_.:-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase()
    .slice(0, 200);
  return type || 'unnamed_event';
}

const YEAR_1 = Date.parse('0001-01-01T00:00:00Z');
const YEAR_10000 = Date.parse('9999-12-31T23:59:59Z');

/**
 * When the message happened, by our clock: Segment's clock-skew correction,
 * `timestamp + (receivedAt − sentAt)`, when the sender says when it sent it; else its timestamp;
 * else when we received it.
 */
export function eventTime(message: Message, batchSentAt: string | undefined, receivedAt: Date): string {
  const at = message.timestamp ?? message.originalTimestamp;
  if (!at) return receivedAt.toISOString();
  const sentAt = message.sentAt ?? batchSentAt;
  const corrected = sentAt ? Date.parse(at) + receivedAt.getTime() - Date.parse(sentAt) : Date.parse(at);
  return new Date(corrected >= YEAR_1 && corrected <= YEAR_10000 ? corrected : Date.parse(at)).toISOString();
}

const contactOf = (message: Message) => (message.userId ?? message.anonymousId) as string;
const eventId = (message: Message) => (message.messageId ? `segment:${message.messageId}` : randomUUID());

/** A track, page or screen message as an event. */
function asEvent(message: Message, time: string): EventInput | undefined {
  const base = { id: eventId(message), contactId: contactOf(message), timestamp: time };
  if (message.type === 'track') {
    return { ...base, type: eventType(message.event), properties: message.properties ?? {} };
  }
  if (message.type === 'page' || message.type === 'screen') {
    const named = {
      ...(message.name ? { name: message.name } : {}),
      ...(message.type === 'page' && message.category ? { category: message.category } : {}),
    };
    return { ...base, type: `${message.type}.viewed`, properties: { ...named, ...message.properties } };
  }
  return undefined;
}

/**
 * Applies Segment messages in order: track/page/screen go through `ingestEvents` (consecutive
 * ones together); identify, group and alias change the contact and store an event of their own
 * (contact.identified, group.joined, contact.aliased) in one transaction. `messageId` is the
 * event's id, so a message sent again changes nothing.
 */
export async function applySegmentMessages(
  sql: Sql,
  registry: Registry,
  workspaceId: string,
  messages: readonly Message[],
  batchSentAt?: string,
): Promise<void> {
  const receivedAt = new Date();
  let events: EventInput[] = [];
  const flush = async () => {
    if (events.length > 0) await ingestEvents(sql, registry, workspaceId, events);
    events = [];
  };
  for (const message of messages) {
    const time = eventTime(message, batchSentAt, receivedAt);
    const event = asEvent(message, time);
    if (event) {
      events.push(event);
      continue;
    }
    await flush();
    await sql.begin((tx) => applyContactMessage(tx, registry, workspaceId, message, time));
  }
  await flush();
}

async function applyContactMessage(
  tx: TransactionSql,
  registry: Registry,
  workspaceId: string,
  message: Message,
  time: string,
): Promise<void> {
  const contactId = contactOf(message);
  let event: StoredEvent;
  let attributes: Attributes;
  if (message.type === 'identify') {
    attributes = message.traits ?? {};
    event = {
      id: eventId(message),
      contactId,
      type: 'contact.identified',
      properties: attributes,
      timestamp: time,
    };
  } else if (message.type === 'group') {
    attributes = { group_id: message.groupId, group: message.traits ?? {} };
    event = {
      id: eventId(message),
      contactId,
      type: 'group.joined',
      properties: attributes,
      timestamp: time,
    };
  } else if (message.type === 'alias') {
    attributes = await inherited(tx, workspaceId, message.previousId, contactId);
    const properties = { previousId: message.previousId };
    event = { id: eventId(message), contactId, type: 'contact.aliased', properties, timestamp: time };
  } else {
    return;
  }
  const stored = await insertEvents(
    tx,
    workspaceId,
    tx`select ${event.id}, ${contactId}, ${event.type}, ${tx.json(event.properties as never)}, ${time}`,
    'skip-duplicates',
  );
  if (stored.length === 0) return; // sent before
  await mergeContact(tx, registry, workspaceId, contactId, attributes);
  await actOnEvents(tx, registry, workspaceId, [event]);
}

/** The attributes of `previousId`'s contact that `contactId`'s contact does not have yet. */
async function inherited(tx: TransactionSql, workspaceId: string, previousId: string, contactId: string) {
  const rows = await tx<{ id: string; attributes: Attributes }[]>`
    select id, attributes from contacts where workspace_id = ${workspaceId} and id in (${previousId}, ${contactId})`;
  const previous = rows.find((r) => r.id === previousId)?.attributes ?? {};
  const current = rows.find((r) => r.id === contactId)?.attributes ?? {};
  return Object.fromEntries(Object.entries(previous).filter(([key]) => !(key in current)));
}
