-- A contact's effects of one kind (send guardrails: frequency cap, fatigue, stop-marketing; engagement).
-- With only (workspace_id, contact_id), the planner's generic plan for `kind = 'email'` chose
-- effects_workspace_kind and scanned every email of the workspace (~640 buffers per send check at
-- 2,000 contacts, the largest statement cost of a send). This index serves both lookups.
create index effects_contact_kind on effects (workspace_id, contact_id, kind);
drop index effects_contact;
