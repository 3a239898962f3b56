import path from 'node:path';
import { isPathInside, reportDiagnostic } from '@qbank/core';
import { placeOf, type ParsedItem } from '@qbank/parser';
import type { Nodes } from 'mdast';
import { componentAttributes } from './components.js';
import { visit } from 'unist-util-visit';
import type { AssetRef } from './model.js';
import { fileProblem } from './asset-file.js';

/** The images an item uses. */
export interface ItemAssets {
  /** Images that resolve to files in the content root. */
  found: AssetRef[];
  /** Absolute paths of every local image it names, found or not (what its checks depend on). */
  paths: string[];
}

/**
 * Check every image of an item (Markdown images and `<Figure src>`): a file in
 * the content repository (not a URL), inside the content root, with alt text.
 *
 * @param item A parsed question or note.
 * @param contentRoot Absolute path of the content root.
 * @returns The images that resolve to files, and the paths of all local images.
 */
export function checkAssets(item: ParsedItem, contentRoot: string): ItemAssets {
  const assets: AssetRef[] = [];
  const paths: string[] = [];
  if (!item.tree) return { found: assets, paths };
  const { file } = item;
  visit(item.tree, (node: Nodes) => {
    let url: string;
    let alt: string;
    let setUrl: (value: string) => void;
    if (node.type === 'image') {
      url = node.url;
      alt = node.alt ?? '';
      setUrl = (value) => (node.url = value);
    } else if ((node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && node.name === 'Figure') {
      const src = node.attributes.find((a) => a.type === 'mdxJsxAttribute' && a.name === 'src');
      if (!src || src.type !== 'mdxJsxAttribute' || typeof src.value !== 'string') return;
      url = src.value;
      alt = componentAttributes(node).get('alt') ?? '';
      setUrl = (value) => (src.value = value);
    } else {
      return;
    }
    const place = placeOf(node);
    if (node.type === 'image' && !alt.trim()) {
      reportDiagnostic(file, {
        ruleId: 'asset/missing-alt',
        message: 'Missing alt text on an image',
        hint: 'Describe what the image shows for learners who cannot see it: `![Chest radiograph showing ...](...)`.',
        place,
      });
    }
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
      reportDiagnostic(file, {
        ruleId: 'asset/remote',
        message: `Unexpected remote image \`${url.slice(0, 80)}\`, expected a file in the content repository`,
        hint: 'Save the image (with its licence) under the content folder and link it by a relative path.',
        place,
      });
      return;
    }
    let decoded = url;
    try {
      decoded = decodeURI(url.split(/[?#]/)[0] ?? url);
    } catch {
      // keep the raw url; it will not resolve and is reported as missing
    }
    const resolved = decoded.startsWith('/')
      ? path.join(contentRoot, decoded)
      : path.resolve(path.dirname(file.path), decoded);
    if (!isPathInside(contentRoot, resolved)) {
      reportDiagnostic(file, {
        ruleId: 'asset/outside-root',
        message: `Unexpected image path \`${url}\` outside the content root`,
        hint: 'Move the image under the content folder; bundles only carry files from there.',
        place,
      });
      return;
    }
    paths.push(resolved);
    const problem = fileProblem(resolved, contentRoot);
    if (problem) {
      reportDiagnostic(file, { ...problem(url, path.relative(path.dirname(file.path), resolved) || resolved), place });
      return;
    }
    assets.push({ path: resolved, alt, setUrl });
  });
  return { found: assets, paths };
}
