-- Bulk contact imports (POST /v1/contacts/imports, apps/runtime/src/import).
--   contact_imports: one row per import: its settings, state and counts. `records_done` is the
--     number of the file's records whose outcome is committed; the import job resumes after them.
--   contact_import_chunks: the file as received, in pieces of about 1 MiB, stored in the upload's
--     one transaction (a broken upload leaves nothing); deleted once the import is over.
--   contact_import_rejections: every rejected row with its line, the column at fault, the reason
--     and the row as it was (CSV: its cells; NDJSON: the line), for the downloadable report.
create table contact_imports (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces (id) on delete cascade,
  state text not null default 'waiting-for-file'
    check (state in ('waiting-for-file', 'queued', 'running', 'done', 'failed')),
  format text not null check (format in ('csv', 'ndjson')),
  key text not null check (key in ('id', 'email')),
  key_column text not null,
  mode text not null check (mode in ('upsert', 'only-new', 'only-existing')),
  columns jsonb,
  delimiter text not null default ',',
  file_name text,
  -- The CSV header as read, for the report's columns.
  header jsonb,
  bytes bigint,
  bytes_read bigint not null default 0,
  records_done bigint not null default 0,
  rows_read bigint not null default 0,
  created bigint not null default 0,
  updated bigint not null default 0,
  unchanged bigint not null default 0,
  skipped bigint not null default 0,
  rejected bigint not null default 0,
  segment_entries bigint not null default 0,
  error text,
  created_by text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index contact_imports_recent on contact_imports (workspace_id, created_at desc);

create table contact_import_chunks (
  import_id uuid not null references contact_imports (id) on delete cascade,
  seq int not null,
  data bytea not null,
  primary key (import_id, seq)
);
-- Files are mostly text that compresses, but compressing a megabyte per chunk on the upload's
-- path costs more than the disk it saves for the minutes the chunk lives.
alter table contact_import_chunks alter column data set storage external;

create table contact_import_rejections (
  import_id uuid not null references contact_imports (id) on delete cascade,
  line bigint not null,
  column_name text,
  reason text not null,
  row_values jsonb not null,
  primary key (import_id, line)
);
