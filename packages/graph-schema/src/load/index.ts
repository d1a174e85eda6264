export { type LoadResult, loadGraph } from './loadGraph.js';
