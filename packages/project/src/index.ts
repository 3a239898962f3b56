export type { ProjectConfig, LoadedConfig } from './lib/config.js';
export { configFileNames, defaultConfig, findConfigFile, loadConfig } from './lib/config.js';
export type { DiscoveredItems, DiscoveredSources } from './lib/discover.js';
export { discoverItems, discoverSources, itemKinds } from './lib/discover.js';
export { loadProjectTaxonomy } from './lib/taxonomy.js';
export { environmentFiles } from './lib/environment-files.js';
export type { LoadedTags, LoadedVideos } from './lib/tags.js';
export { loadTagRegistry, loadVideoRegistry } from './lib/tags.js';
