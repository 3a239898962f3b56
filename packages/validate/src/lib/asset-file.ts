import { statSync } from 'node:fs';
import path from 'node:path';
import { containPath, readFilePrefixSync, type DiagnosticInit } from '@qbank/core';
import { imageSize } from 'image-size';
import { unsafeSvgReason } from './svg.js';

/** Largest image a bundle carries: 10 MiB (a radiograph at full resolution is a few MB). */
export const maxImageBytes = 10 * 1024 * 1024;

/** The image types a bundle carries, by extension: what apps show as an image, nothing they run. */
export const imageExtensions: readonly string[] = ['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg'];

/** A problem with an image file, worded for the image as the content names it. */
export type AssetProblem = (url: string, shown: string) => Omit<DiagnosticInit, 'place'>;

// An SVG is checked once per process while its size, mtime and inode stay the same.
const svgVerdicts = new Map<string, { stamp: string; reason: string | undefined }>();

/**
 * What keeps an image file out of the bundle, checked on the file itself: a symbolic link out of
 * the content root (the path as written stayed inside), no such file, a file over
 * {@link maxImageBytes}, a type that is not an image (an extension of {@link imageExtensions}, or
 * the bytes of a raster image under an extension that does not run), or an SVG with anything that
 * could run or load.
 *
 * @param resolved The image's absolute path as written (inside the content root).
 * @param contentRoot Absolute path of the content root.
 * @returns The problem, or `undefined` when the file may be published.
 */
export function fileProblem(resolved: string, contentRoot: string): AssetProblem | undefined {
  const contained = containPath(contentRoot, resolved);
  if (!contained.inside) {
    return (url) => ({
      ruleId: 'asset/outside-root',
      message: `Unexpected image \`${url}\` that a symbolic link leads outside the content root (to ${contained.real})`,
      hint: 'Copy the image into the content folder instead of linking it: bundles only carry files from there.',
    });
  }
  const stat = statSync(contained.real, { throwIfNoEntry: false });
  if (!stat?.isFile()) {
    return (url, shown) => ({
      ruleId: 'asset/missing',
      message: `Missing image file \`${url}\``,
      hint: `No file at ${shown}: check the name and that the path is relative to this file.`,
    });
  }
  if (stat.size > maxImageBytes) {
    return (url) => ({
      ruleId: 'asset/too-large',
      message: `Unexpected image \`${url}\` of ${stat.size} bytes, expected at most ${maxImageBytes}`,
      hint: 'Export the image at the size apps show it (a few hundred KB is plenty for a radiograph).',
    });
  }
  const extension = path.extname(resolved).toLowerCase();
  if (!imageExtensions.includes(extension) && !rasterUnderOtherName(contained.real, stat.size, extension)) {
    return (url) => ({
      ruleId: 'asset/unsupported-type',
      message: `Unexpected image type \`${extension || url}\`, expected one of ${imageExtensions.join(', ')}`,
      hint: 'Save the image as PNG, JPEG, GIF, WebP, AVIF or SVG: apps show these, and never run them.',
    });
  }
  if (extension !== '.svg') return undefined;
  const stamp = `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
  let verdict = svgVerdicts.get(contained.real);
  if (verdict?.stamp !== stamp) {
    verdict = { stamp, reason: unsafeSvgReason(readText(contained.real, stat.size)) };
    svgVerdicts.set(contained.real, verdict);
  }
  const { reason } = verdict;
  if (reason === undefined) return undefined;
  return (url) => ({
    ruleId: 'asset/unsafe-svg',
    message: `Unexpected ${reason} in the SVG \`${url}\`, expected only shapes, text and styles`,
    hint: 'Export a plain SVG (no scripts, event handlers, links to other files or embedded HTML), e.g. with `svgo`.',
  });
}

/**
 * Extensions a browser or a web server runs or renders as a document, whatever the bytes: a file
 * published under one of them (`assets/<hash>.html`) would be a page on the app's own site.
 */
const activeExtension =
  /^\.(?:s?html?|xht(?:ml)?|mht(?:ml)?|xml|xslt?|[cm]?js|css|svgz?|swf|pdf|wasm|php\d?|phtml|aspx?|jsp|cgi|pl|py|sh)$/;

/**
 * A raster image (PNG, JPEG, GIF, WebP, AVIF, ... by its bytes) saved under another extension
 * (`ecg.scan`): published as it is, as long as the extension is not one that runs.
 */
function rasterUnderOtherName(file: string, size: number, extension: string): boolean {
  if (activeExtension.test(extension)) return false;
  try {
    const type = imageSize(readFilePrefixSync(file, size)).type;
    return type !== undefined && type !== 'svg';
  } catch {
    return false;
  }
}

function readText(file: string, size: number): string {
  return readFilePrefixSync(file, size).toString('utf8');
}
