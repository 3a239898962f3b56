/** Editor URL schemes known by name; `{file}` is the absolute path (starting with `/`), `{line}` and `{column}` 1-based. */
const schemes: Record<string, string> = {
  vscode: 'vscode://file{file}:{line}:{column}',
  'vscode-insiders': 'vscode-insiders://file{file}:{line}:{column}',
  cursor: 'cursor://file{file}:{line}:{column}',
  windsurf: 'windsurf://file{file}:{line}:{column}',
  zed: 'zed://file{file}:{line}:{column}',
  idea: 'idea://open?file={file}&line={line}&column={column}',
  webstorm: 'webstorm://open?file={file}&line={line}&column={column}',
  sublime: 'subl://open?url=file://{file}&line={line}&column={column}',
  textmate: 'txmt://open?url=file://{file}&line={line}&column={column}',
  emacs: 'org-protocol://open-source?url=file://{file}&line={line}',
};

/** Schemes that would run or show content in the page itself: never used for an editor link. */
const refused = /^(javascript|data|vbscript|blob|file|about|https?):/i;

/**
 * The editor link template from the environment: `QBANK_EDITOR` as a name
 * (`vscode`, `cursor`, `zed`, `idea`, `webstorm`, `sublime`, `textmate`,
 * `emacs`, `windsurf`) or a template with `{file}`, `{line}` and `{column}`
 * (`myeditor://open?path={file}&line={line}`); else VS Code's scheme when the
 * preview runs in its terminal (`TERM_PROGRAM=vscode`). Links only: the
 * preview never starts a program.
 *
 * @param env The environment.
 * @returns The template, or `undefined` when no editor is set up (or the template's scheme is refused).
 */
export function editorTemplate(env: Record<string, string | undefined>): string | undefined {
  const chosen = env.QBANK_EDITOR?.trim();
  if (chosen) {
    const template = schemes[chosen.toLowerCase()] ?? chosen;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(template) || refused.test(template) || !template.includes('{file}')) {
      return undefined;
    }
    return template;
  }
  return env.TERM_PROGRAM === 'vscode' ? schemes.vscode : undefined;
}

/**
 * An editor link to a place in a file.
 *
 * @param template From {@link editorTemplate}.
 * @param file Absolute path.
 * @param line 1-based line.
 * @param column 1-based column.
 * @returns The link.
 */
export function editorLink(template: string, file: string, line: number, column: number): string {
  const path = encodeURI(file.split('\\').join('/')).replace(/[?#&]/g, encodeURIComponent);
  return template
    .replaceAll('{file}', path.startsWith('/') ? path : `/${path}`)
    .replaceAll('{line}', String(line))
    .replaceAll('{column}', String(column));
}
