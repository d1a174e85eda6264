/** What each role may do. Routes ask for a permission, never for a role. */
export const ROLES = ['admin', 'editor', 'publisher', 'auditor', 'ingest'] as const;
type Role = (typeof ROLES)[number];

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

/** Who may call a route: a permission, only the instance admin key, any key, or anyone (no key). */
export type Access = Permission | 'instance-admin' | 'any-key' | 'public';

export function roleAllows(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

/** Whether a key with this role (and instance-admin flag) may call a route with this access. */
export function accessAllows(access: Access, key: { role: Role; instanceAdmin: boolean }): boolean {
  if (access === 'public' || access === 'any-key') return true;
  if (access === 'instance-admin') return key.instanceAdmin;
  return roleAllows(key.role, access);
}
