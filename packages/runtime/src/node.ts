export { fromDirectory } from './lib/directory.js';
