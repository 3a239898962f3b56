import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type LaunchOptions, type Page } from 'playwright-core';

/** Chromium's flags for a closed network: no background requests, no first-run work. */
const quietFlags = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A Chromium or Chrome on the machine: on the PATH, then the usual install places. */
function systemChromium(): string | undefined {
  const names = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (executable(file)) return file;
    }
  }
  return ['/usr/bin/chromium', '/opt/google/chrome/chrome'].find(executable);
}

/** Where the browser comes from, and how to start it. */
export interface BrowserChoice {
  /** `env` (CHROMIUM_PATH), `system` or `package` (@sparticuz/chromium). */
  source: 'env' | 'system' | 'package';
  /** Launch options for playwright-core. */
  options: LaunchOptions;
}

/**
 * Find a browser in this order: `CHROMIUM_PATH`, a Chromium or Chrome on the machine, then the
 * headless Chromium shipped inside the `@sparticuz/chromium` npm package (no root, no download).
 */
export async function chooseChromium(): Promise<BrowserChoice> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return { source: 'env', options: { executablePath: fromEnv, args: ['--no-sandbox', ...quietFlags] } };
  const system = systemChromium();
  if (system) return { source: 'system', options: { executablePath: system, args: ['--no-sandbox', ...quietFlags] } };
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  // One process for everything would end the browser with the first closed page.
  const args = packaged.args.filter((arg) => arg !== '--single-process');
  return { source: 'package', options: { executablePath, args: [...args, ...quietFlags], headless: true } };
}

/** Launch headless Chromium through playwright-core (see {@link chooseChromium}). */
export async function launchChromium(): Promise<Browser> {
  const choice = await chooseChromium();
  return chromium.launch({ headless: true, ...choice.options });
}

/**
 * axe-core's serious and critical violations on a page, one line each (rule and
 * the elements it found): tests expect none.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
