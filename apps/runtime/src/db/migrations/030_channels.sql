-- Channels: suppressions, tracked messages and their links, the instance's tracking secret, and
-- the index engagement aggregates read.

-- Per-instance secrets created on first use (never from the environment by default).
create table instance_secrets (
  name text primary key,
  secret bytea not null,
  created_at timestamptz not null default now()
);

-- Who must never get email from a workspace. A row names a contact, an address, or both (an
-- unsubscribe records the address the contact had then, so a re-imported contact stays suppressed).
create table suppressions (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  contact_id text,
  -- Lower-cased.
  email text,
  reason text not null check (reason in ('unsubscribed', 'bounced', 'complained', 'manual')),
  -- What recorded it: 'one-click', 'unsubscribe-page', 'api', the key's name...
  source text not null,
  message_key text,
  at timestamptz not null default now(),
  check (contact_id is not null or email is not null)
);
create unique index suppressions_contact on suppressions (workspace_id, contact_id) where contact_id is not null;
create unique index suppressions_email on suppressions (workspace_id, email) where email is not null;
create index suppressions_workspace on suppressions (workspace_id, at desc, id);

-- One row per email sent with tracking: what opens, clicks and replies refer to. No foreign keys
-- (hot path, written in the delivery job's transaction).
create table tracked_messages (
  workspace_id uuid not null,
  message_key text not null,
  contact_id text not null,
  workflow_id uuid,
  node_id text,
  -- The short token in the reply+<token>@ address.
  reply_token text not null unique,
  created_at timestamptz not null default now(),
  primary key (workspace_id, message_key)
);
create index tracked_messages_contact on tracked_messages (workspace_id, contact_id);

-- The original URLs behind a message's tracked links: the click redirect goes only to these.
create table message_links (
  workspace_id uuid not null,
  message_key text not null,
  idx integer not null,
  url text not null,
  primary key (workspace_id, message_key, idx)
);

-- Engagement aggregates: per contact and type, newest first.
create index events_contact_type_time on events (workspace_id, contact_id, type, occurred_at desc);
