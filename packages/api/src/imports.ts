import { z } from 'zod';
import { IMPORT_TYPES, isEmailHeader } from './importValues.js';
import { Instant, limitQuery, pathUuid, SafeString } from './primitives.js';
import { defineRoute } from './route.js';

/** Largest file one import takes. */
export const MAX_IMPORT_BYTES = 2 * 1024 ** 3;
/** Most columns a mapping may name. */
export const MAX_IMPORT_COLUMNS = 500;

export const ImportFormat = z.enum(['csv', 'ndjson']);
export type ImportFormat = z.infer<typeof ImportFormat>;
export const ImportKey = z.enum(['id', 'email']);
export const ImportMode = z
  .enum(['upsert', 'only-new', 'only-existing'])
  .describe(
    'upsert: create and update; only-new: create, skip contacts that exist; only-existing: update, skip the rest',
  );
export type ImportMode = z.infer<typeof ImportMode>;
export const ImportState = z.enum(['waiting-for-file', 'queued', 'running', 'done', 'failed']);
export type ImportState = z.infer<typeof ImportState>;

const ColumnName = SafeString.min(1).max(200);
const AttributeName = SafeString.min(1)
  .max(200)
  .refine((name) => name !== 'id', "'id' is the contact's id, not an attribute");

export const ImportColumn = z.strictObject({
  column: ColumnName.describe('The CSV header, or the NDJSON field'),
  attribute: AttributeName.describe('The contact attribute it is stored in'),
  type: z
    .enum(IMPORT_TYPES)
    .default('text')
    .describe('How a cell is read; a cell that is not of this type rejects its row'),
});
export type ImportColumn = z.infer<typeof ImportColumn>;

const settingsShape = {
  format: ImportFormat.default('csv'),
  keyColumn: ColumnName.describe('The column that identifies each contact'),
  key: ImportKey.optional().describe(
    "What the key column holds: the contact's id, or its email (matched case-insensitively; a new contact's id is the email in lower case). Default: email when the column's name says so, else id",
  ),
  mode: ImportMode.default('upsert'),
  columns: z
    .array(ImportColumn)
    .max(MAX_IMPORT_COLUMNS)
    .optional()
    .describe(
      'The columns to import. Omitted: every column but an id key, as text attributes named by their header',
    ),
  delimiter: z.enum([',', ';', '\t', '|']).default(',').describe('CSV only'),
  fileName: SafeString.max(300).optional().describe('Shown in the list of imports'),
};

/** How a file is read: its format, the key column, the mode and the column mapping. */
export const ImportSettings = z.strictObject(settingsShape).transform((settings, ctx) => {
  const seen = new Set<string>();
  for (const [index, column] of (settings.columns ?? []).entries()) {
    if (seen.has(column.attribute))
      ctx.addIssue({
        code: 'custom',
        path: ['columns', index, 'attribute'],
        message: `two columns are stored in '${column.attribute}'`,
      });
    seen.add(column.attribute);
  }
  return { ...settings, key: settings.key ?? (isEmailHeader(settings.keyColumn) ? 'email' : 'id') };
});
export type ImportSettings = z.output<typeof ImportSettings>;
/** The settings as a client sends them (defaults may be left out). */
export type ImportSettingsInput = z.input<typeof ImportSettings>;

/** The settings as query parameters, for a file sent straight to `POST /v1/contacts/imports`. */
export const ImportQuery = z.object({
  format: ImportFormat.optional().describe('Default: from the Content-Type'),
  keyColumn: settingsShape.keyColumn.optional().describe('Required when the body is the file'),
  key: settingsShape.key,
  mode: ImportMode.optional(),
  columns: SafeString.max(4000)
    .optional()
    .describe('The column mapping as JSON, e.g. [{"column":"Seats","attribute":"seats","type":"number"}]'),
  delimiter: z.enum([',', ';', '\t', '|']).optional(),
  fileName: settingsShape.fileName,
});

export const ImportCounts = z.object({
  bytesRead: z.number().int().describe('Bytes of the file read so far'),
  rowsRead: z.number().int(),
  upserted: z.number().int().describe('Rows that created or updated a contact (created + updated)'),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int().describe('Rows whose contact already held these values'),
  skipped: z
    .number()
    .int()
    .describe('Rows the mode left out (only-new: contact exists; only-existing: it does not)'),
  rejected: z.number().int().describe('Rows refused; each is in the report with its line and reason'),
  segmentEntries: z
    .number()
    .int()
    .describe('Segments contacts entered through this import (queued as segment.entered events)'),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

export const ImportRejection = z.object({
  line: z.number().int().describe('Line of the file where the row starts (1 is the CSV header)'),
  column: z.string().nullable(),
  reason: z.string(),
});
export type ImportRejection = z.infer<typeof ImportRejection>;

export const ContactImport = ImportCounts.extend({
  id: z.string(),
  state: ImportState,
  format: ImportFormat,
  key: ImportKey,
  keyColumn: z.string(),
  mode: ImportMode,
  columns: z.array(ImportColumn).nullable(),
  delimiter: z.string(),
  fileName: z.string().nullable(),
  bytes: z.number().int().nullable().describe('Size of the file, once received'),
  error: z.string().nullable().describe('Why a failed import stopped, and what it did before'),
  createdAt: Instant,
  startedAt: Instant.nullable(),
  finishedAt: Instant.nullable(),
  uploadUrl: z.string().nullable().describe('Where to PUT the file, while the import waits for it'),
  reportUrl: z.string().describe('The rejected rows as CSV: line, column, reason, then the row as it was'),
  firstRejections: z.array(ImportRejection).describe('The first rejected rows (up to 10)'),
});
export type ContactImport = z.infer<typeof ContactImport>;

export const ImportList = z.object({ items: z.array(ContactImport) });

const ImportParams = z.object({ id: pathUuid('Import') });
const tag = 'Imports';
const FILE_MEDIA = ['text/csv', 'application/x-ndjson'] as const;

export const createImport = defineRoute({
  method: 'post',
  path: '/v1/contacts/imports',
  tag,
  summary: 'Import contacts from a CSV or NDJSON file',
  description:
    'Two ways. (1) Send the settings as JSON: the import is created waiting for its file (201, `uploadUrl`), then PUT the file there. ' +
    '(2) Send the file itself (Content-Type text/csv or application/x-ndjson, streamed, up to 2 GiB) with the settings as query parameters (`keyColumn` at least): 202. ' +
    'Either way the answer comes once the file is stored, before its rows are: follow `GET /v1/contacts/imports/{id}`. ' +
    'A row that cannot be read is rejected alone (the report names its line and why); re-importing a file changes nothing the second time. ' +
    'Contacts an import makes enter a segment an active journey starts on get segment.entered, as with PUT /v1/contacts/{id}.',
  access: 'contact:write',
  query: ImportQuery,
  body: ImportSettings,
  upload: {
    media: FILE_MEDIA,
    description: 'The file (CSV with a header line, or one JSON object per line)',
  },
  responses: {
    201: { description: 'Created, waiting for its file at `uploadUrl`', schema: ContactImport },
    202: { description: 'The file is stored; its rows are being imported', schema: ContactImport },
    400: {
      description: 'Bad settings or a file whose header lacks a mapped column; `problems` names the field',
    },
    413: { description: 'The file is larger than 2 GiB' },
    415: { description: 'A body that is neither JSON settings nor a CSV or NDJSON file' },
  },
});

export const uploadImportFile = defineRoute({
  method: 'put',
  path: '/v1/contacts/imports/{id}/file',
  tag,
  summary: "Send an import's file (streamed)",
  description:
    'The whole file in one request. If the upload breaks off, nothing of it is kept and the import still waits: send it again.',
  access: 'contact:write',
  params: ImportParams,
  upload: { media: [...FILE_MEDIA, 'application/octet-stream'], description: 'The file' },
  responses: {
    202: { description: 'The file is stored; its rows are being imported', schema: ContactImport },
    400: { description: "The file's header lacks a mapped column" },
    404: { description: 'Unknown import' },
    409: { description: 'The import already has its file' },
    413: { description: 'The file is larger than 2 GiB' },
  },
});

export const getImport = defineRoute({
  method: 'get',
  path: '/v1/contacts/imports/{id}',
  tag,
  summary: "An import's progress: rows read, upserted, rejected",
  access: 'contact:write',
  params: ImportParams,
  responses: {
    200: { description: 'The import', schema: ContactImport },
    404: { description: 'Unknown import' },
  },
});

export const listImports = defineRoute({
  method: 'get',
  path: '/v1/contacts/imports',
  tag,
  summary: 'Recent imports, newest first',
  access: 'contact:write',
  query: z.object({ limit: limitQuery(20, 100) }),
  responses: { 200: { description: 'The imports', schema: ImportList } },
});

export const importReport = defineRoute({
  method: 'get',
  path: '/v1/contacts/imports/{id}/rejected',
  tag,
  summary: 'Every rejected row of an import, as CSV',
  description:
    'Columns `line`, `column`, `reason`, then the row as it was in the file (CSV: its cells under their headers; NDJSON: the line).',
  access: 'contact:write',
  params: ImportParams,
  responses: {
    200: { description: 'The report', media: ['text/csv'] },
    404: { description: 'Unknown import' },
  },
});

export const importRoutes = [createImport, listImports, getImport, uploadImportFile, importReport] as const;
