// The light SDK entry for pack code (`@crossroads/nodes/sdk`): contract types and the define
// functions only, no built-ins or walker, so a pack's sandbox bundle stays small.

// Types only: the `x-editor` vocabulary (and its typing of zod's `.meta()`) without loading
// graph-schema's code into a pack's bundle.
export type { EditorField, TemplateFieldMeta } from '@crossroads/graph-schema';
export * from './capabilities.js';
export * from './decision.js';
export * from './defineNode.js';
export * from './definePack.js';
export * from './registry.js';
