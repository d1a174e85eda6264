export { defaultTypeTitle, formatValue } from './describe.js';
export { diffGraphs } from './diffGraphs.js';
export {
  CHANGE_KINDS,
  type ChangeKind,
  type DiffOptions,
  type GraphChange,
  type GraphDiff,
} from './types.js';
