/** What each role may do. Routes ask for a permission, never for a role. */
export const ROLES = ['admin', 'editor', 'publisher', 'auditor', 'ingest'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  'workflow:read': ['admin', 'editor', 'publisher', 'auditor'],
  'workflow:write': ['admin', 'editor', 'publisher'],
  'workflow:publish': ['admin', 'publisher'],
  'segment:read': ['admin', 'editor', 'publisher', 'auditor'],
  'segment:write': ['admin', 'editor', 'publisher'],
  'contact:read': ['admin', 'editor', 'publisher', 'auditor'],
  'contact:write': ['admin', 'ingest'],
  'contact:erase': ['admin'],
  'event:write': ['admin', 'ingest'],
  'audit:read': ['admin', 'auditor'],
  'key:manage': ['admin'],
  'workspace:manage': ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleAllows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
