// Roles and permissions are part of the HTTP contract (@crossroads/api); re-exported for the runtime.
export { PERMISSIONS, type Permission, ROLES, type Role, roleAllows } from '@crossroads/api';
