export type { MemoryBundle, PreviewBuild, PreviewDiagnostic, PreviewState, UnpublishedItem } from './lib/types.js';
export type { PreviewServer, PreviewServerOptions } from './lib/server.js';
export { startPreviewServer } from './lib/server.js';
export { editorLink, editorTemplate } from './lib/editor.js';
export { isLoopback, isUnsafePath, pageCsp } from './lib/safety.js';
