// Shared pieces of the browser tests and the screenshots: start a demo server, start Chromium,
// log in through the form, and run axe-core on a page.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const sourceDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The npm packages live in web/node_modules (installed by `make` with npm ci), not beside the tests.
const webRequire = createRequire(path.join(process.env.LEERRECHT_WEB_DIR || path.join(sourceDir, 'web'), 'package.json'));
export const { chromium } = webRequire('playwright-core');
const axe = webRequire('axe-core');

// Arguments: --binary PATH (the leerrecht command) and optional --out DIR.
export function argument(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`--${name} ontbreekt`);
}

// Starts `leerrecht demo` on a fresh folder and a free port; resolves with the address, the
// demo accounts ({username: password}) and a stop function.
export function startDemo(binary) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'leerrecht-browser-'));
  const child = spawn(binary, ['demo', '--data', path.join(dataDir, 'demo'), '--listen', '127.0.0.1:0'], {
    cwd: sourceDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; if (stderr.length > 100000) stderr = stderr.slice(-50000); });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) { rmSync(dataDir, { recursive: true, force: true }); resolve(); return; }
    child.once('exit', () => { rmSync(dataDir, { recursive: true, force: true }); resolve(); });
    child.kill('SIGTERM');
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`demo startte niet binnen 60 s:\n${out}\n${stderr}`)), 60000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`demo stopte (${code}):\n${out}\n${stderr}`)); });
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const address = out.match(/draait op (http:\/\/[^\s]+?)\/?\n/);
      if (!address || !out.includes('Stop met Ctrl+C.')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const accounts = {};
      for (const m of out.matchAll(/^ {2}(\S+) \/ (\S+) {2}— /gm)) accounts[m[1]] = m[2];
      resolve({ base: address[1], accounts, stop, stderr: () => stderr });
    });
  });
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.LEERRECHT_CHROMIUM || '/usr/bin/chromium',
    // As root (CI, containers) Chromium needs --no-sandbox; the machine's network is closed, so
    // Chromium's own background connections (updates, sync) are switched off rather than refused.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function logIn(browser, base, username, password) {
  const context = await browser.newContext({ locale: 'nl-NL' });
  const page = await context.newPage();
  await page.goto(`${base}/inloggen`);
  await page.getByLabel('Gebruikersnaam').fill(username);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.waitForURL(`${base}/overzicht`);
  return page;
}

// axe-core in the page (through the DevTools protocol, so the page's CSP need not allow it):
// WCAG 2.1 A and AA rules. Returns the violations, each as a readable line.
export async function axeViolations(page) {
  await page.evaluate(axe.source);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }));
  return result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}
