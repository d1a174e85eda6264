-- The data dictionary lists the event types a workspace has seen, when each was last seen and the
-- properties of the newest ones. This index lets it walk the distinct types (a skip scan) and read
-- the newest events of each without scanning the workspace's whole event history.
create index if not exists events_workspace_type_time on events (workspace_id, type, occurred_at desc);
