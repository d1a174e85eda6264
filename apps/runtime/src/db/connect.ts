import postgres from 'postgres';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

/**
 * Opens a postgres.js pool. Column names come back camelCased (`workspace_id` → `workspaceId`);
 * JSON values come back exactly as stored (`postgres.camel` would also rename keys inside jsonb,
 * turning a contact's `lead_score` into `leadScore`).
 */
export function connect(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    transform: { column: { from: postgres.toCamel, to: postgres.fromCamel } },
    connection: { application_name: 'crossroads' },
  });
}
