-- The Handoffs page filters by owner: the one resolved at delivery, else the node's fixed owner.
create index effects_handoff_owner on effects
  (workspace_id, lower(coalesce(payload -> 'delivery' ->> 'owner', payload -> 'assignment' ->> 'owner')), id desc)
  where kind = 'handoff';
