-- A saved test case may pin the arm a contact takes at a split step (issue 15): split node id → arm id.
alter table workflow_test_cases add column pinned jsonb not null default '{}'::jsonb;
