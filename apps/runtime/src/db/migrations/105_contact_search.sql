-- Contact search (GET /v1/contacts), fast on 1,000,000 contacts per workspace:
--   contacts_email_prefix: email prefix search, case-insensitive, paged in email order. "C"
--     collation makes the prefix a plain byte range the index answers, whatever the database's
--     locale, and gives a stable order for the cursor.
--   enrollments_at_node: who is at a step now (the Live view's "contacts at this step"), paged in
--     contact order; live enrollments only, like enrollments_workflow beside it.
create index contacts_email_prefix on contacts
  (workspace_id, (coalesce(lower(attributes ->> 'email'), '') collate "C"), (id collate "C"));

create index enrollments_at_node on enrollments (workflow_id, node_id, contact_id, id) where ended_at is null;

-- A contact's journeys, ended ones too (GET /v1/contacts/:id, the contact page; search with
-- state=any): enrollments_live holds only the live ones, so this was a scan of every enrollment.
create index enrollments_contact on enrollments (workspace_id, contact_id, id desc);
