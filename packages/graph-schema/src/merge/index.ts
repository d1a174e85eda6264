export { type DescribeOptions, describeItem, stepName } from './describe.js';
export {
  graphItems,
  type ItemKind,
  type ItemRef,
  itemKey,
  type NodeContent,
  parseItemKey,
  sameItem,
} from './items.js';
export {
  type ConflictReason,
  type MergeConflict,
  type MergeOptions,
  type MergeResult,
  type MergeSide,
  mergeGraphs,
} from './mergeGraphs.js';
