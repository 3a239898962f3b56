/**
 * The page's HTML: an empty shell the script fills in. Landmarks, a skip link
 * and the live regions are in the shell so that they exist before the script
 * runs.
 *
 * @param title The bank's name.
 * @returns The HTML.
 */
export function pageHtml(title: string): string {
  const safe = title.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${safe} · qbank preview</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/app.css">
<script type="module" src="/app.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top" id="top"></header>
<div id="banner"></div>
<main id="main" tabindex="-1"><p>Loading the preview…</p></main>
<div id="status" class="visually-hidden" role="status" aria-live="polite"></div>
<aside id="labs" hidden></aside>
</body>
</html>
`;
}
