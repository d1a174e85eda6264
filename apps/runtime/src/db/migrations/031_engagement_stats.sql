-- Per-message engagement for stats: when each tracked message was first opened, clicked, replied
-- to or unsubscribed from, and the workflow version it was sent from.
alter table tracked_messages
  add column version integer,
  add column opened_at timestamptz,
  add column clicked_at timestamptz,
  add column replied_at timestamptz,
  add column unsubscribed_at timestamptz;
create index tracked_messages_workflow on tracked_messages (workflow_id, version, node_id);
