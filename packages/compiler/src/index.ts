export type {
  Bundle,
  BundleChoice,
  BundleManifest,
  BundleNote,
  BundleQuestion,
  ManifestFile,
  ManifestItem,
} from './lib/model.js';
export { bundleFormatVersion } from './lib/model.js';
export type { CompileOptions } from './lib/compile.js';
export { compileBundle } from './lib/compile.js';
export { writeBundle } from './lib/write.js';
export { renderBlocks, renderInline } from './lib/render.js';
