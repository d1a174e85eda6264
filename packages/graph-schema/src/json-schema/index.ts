export { graphJsonSchema } from './graphJsonSchema.js';
