import {
  type ContactImport,
  createImport,
  getImport,
  type ImportFormat,
  ImportSettings,
  importReport,
  listImports,
  uploadImportFile,
} from '@crossroads/api';
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { z } from 'zod';
import { actorOf } from '../../access/audit.js';
import { receiveFile, UploadRefused, type UploadTarget } from '../../import/receiveFile.js';
import { reportCsv } from '../../import/report.js';
import {
  createImportRow,
  describeImports,
  findImport,
  type ImportRow,
  recentImports,
} from '../../import/store.js';
import type { AppEnv } from '../context.js';
import { readBody } from '../input.js';
import { badRequest, fromZodError, HttpProblem, notFound } from '../problem.js';
import { serve } from '../serve.js';

/** Media types of a file, and the format each one means. */
const FILE_TYPES: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
};

const mediaType = (c: Context) => (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();

const titles: Record<UploadRefused['status'], string> = {
  400: 'Bad Request',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
};

/** Stores the request's body as the import's file (see `receiveFile`); refusals become problems. */
async function upload(c: Context<AppEnv>, target: UploadTarget): Promise<ContactImport> {
  const body = c.req.raw.body;
  if (!body) throw badRequest('Send the file as the request body');
  const { sql } = c.var.deps;
  const { workspaceId } = c.var.auth;
  try {
    const row = await receiveFile(sql, workspaceId, actorOf(c.var.auth), target, body);
    return (await describeImports(sql, [row]))[0]!;
  } catch (error) {
    if (error instanceof UploadRefused)
      throw new HttpProblem(error.status, titles[error.status], error.message);
    throw error;
  }
}

/** The settings of a file sent straight to `POST /v1/contacts/imports`, from its query parameters. */
function settingsFromQuery(query: z.output<typeof createImport.query>, format: ImportFormat) {
  if (!query.keyColumn)
    throw badRequest('Query parameter keyColumn: say which column identifies each contact', [
      { path: 'keyColumn', message: 'required when the body is the file' },
    ]);
  let columns: unknown;
  if (query.columns !== undefined) {
    try {
      columns = JSON.parse(query.columns);
    } catch {
      throw badRequest('Query parameter columns: must be the column mapping as JSON', [
        { path: 'columns', message: 'must be JSON' },
      ]);
    }
  }
  const parsed = ImportSettings.safeParse({ ...query, format: query.format ?? format, columns });
  if (!parsed.success) {
    const problem = fromZodError(parsed.error);
    throw badRequest(`Query parameter ${problem.message}`, problem.problems);
  }
  return parsed.data;
}

async function loaded(c: Context<AppEnv>, id: string): Promise<ImportRow> {
  const row = await findImport(c.var.deps.sql, c.var.auth.workspaceId, id);
  if (!row) throw notFound('Import');
  return row;
}

/** Contact imports: create, send the file, follow progress, download the rejected rows. */
export function importRoutes(): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();

  serve(
    routes,
    createImport,
    async (c, { query }) => {
      const type = mediaType(c);
      const format = FILE_TYPES[type];
      if (format) return c.json(await upload(c, { settings: settingsFromQuery(query, format) }), 202);
      if (type !== '' && type !== 'application/json')
        throw new HttpProblem(
          415,
          'Unsupported Media Type',
          `Send the settings as application/json, or the file as text/csv or application/x-ndjson (got ${type})`,
        );
      const settings = await readBody(c, ImportSettings);
      const { sql } = c.var.deps;
      const row = await createImportRow(sql, c.var.auth.workspaceId, settings, actorOf(c.var.auth));
      return c.json((await describeImports(sql, [row]))[0]!, 201);
    },
    { ownBody: true },
  );

  serve(routes, listImports, async (c, { query }) => {
    const { sql } = c.var.deps;
    const rows = await recentImports(sql, c.var.auth.workspaceId, query.limit);
    return c.json({ items: await describeImports(sql, rows) }, 200);
  });

  serve(routes, getImport, async (c, { params }) => {
    const row = await loaded(c, params.id);
    return c.json((await describeImports(c.var.deps.sql, [row]))[0]!, 200);
  });

  serve(routes, uploadImportFile, async (c, { params }) =>
    c.json(await upload(c, { importId: params.id }), 202),
  );

  serve(routes, importReport, async (c, { params }) => {
    const row = await loaded(c, params.id);
    const name = (row.fileName ?? 'import').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'import';
    c.header('content-disposition', `attachment; filename="${name}-rejected.csv"`);
    return c.body(reportCsv(c.var.deps.sql, row), 200, { 'content-type': 'text/csv; charset=utf-8' });
  });

  return routes;
}
