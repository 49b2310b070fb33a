import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createConsumerApp, REJOIN_PACKAGES, type Framework } from '../src/consumerApp.ts';
import { launchChromium } from '../src/launchChromium.ts';
import { packPackages } from '../../scripts/packPackages.mjs';
import { SERVER_CLI_SERVING } from '../src/readyLine.ts';
import { killIfRunning, REPO_ROOT, runCommand, startCommand, type RunningCommand } from '../src/runCommand.ts';

/**
 * What a user gets from `npm install @rejoin/react` (or vue): the packed tarballs installed into
 * scratch Vite apps in a temporary folder outside the workspace, with no workspace link, then
 * type-checked, built, and (React) run in Chromium against the packed server's CLI.
 */
const scratch = mkdtempSync(join(tmpdir(), 'rejoin-consumer-'));
let tarballs: Array<{ name: string; tarball: string }>;
let server: RunningCommand | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await killIfRunning(server);
  rmSync(scratch, { recursive: true, force: true });
});

describe('the packed packages, installed as a user installs them', () => {
  it('build and pack (scripts/packPackages.mjs) into a folder outside the workspace', async () => {
    tarballs = await packPackages(join(scratch, 'tarballs'));
    // Every package under packages/ is published, so every one of them is packed.
    const published = readdirSync(join(REPO_ROOT, 'packages'))
      .map((dir) => JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8')) as { name: string })
      .map((manifest) => manifest.name)
      .sort();
    expect(published).toContain('@rejoin/devtools');
    expect(tarballs.map((entry) => entry.name).sort()).toEqual(published);
  });

  describe.each<Framework>(['react', 'vue'])('a Vite + %s app', (framework) => {
    const dir = join(scratch, framework);

    it('installs the tarballs with a plain npm install, each a copy of its own, none a link into the workspace', async () => {
      const install = await createConsumerApp(framework, dir, tarballs);
      expect(install.code, install.output).toBe(0);
      for (const name of REJOIN_PACKAGES[framework]) {
        const installed = join(dir, 'node_modules', name);
        expect(lstatSync(installed).isSymbolicLink(), `${name} is a link`).toBe(false);
        expect(realpathSync(installed).startsWith(realpathSync(dir))).toBe(true);
      }
      expect(realpathSync(dir).startsWith(realpathSync(REPO_ROOT))).toBe(false);
    });

    it('type-checks against the packed type declarations', async () => {
      const typecheck = await runCommand('npm', ['run', 'typecheck'], { cwd: dir });
      expect(typecheck.code, typecheck.output).toBe(0);
    });

    it('builds with vite', async () => {
      const build = await runCommand('npm', ['run', 'build'], { cwd: dir });
      expect(build.code, build.output).toBe(0);
      expect(existsSync(join(dir, 'dist', 'index.html'))).toBe(true);
    });
  });

  it('plays generated reconnection paths through the React app with vitest, in a few lines (src/Chat.paths.test.tsx)', async () => {
    const paths = await runCommand('npm', ['test'], { cwd: join(scratch, 'react') });
    expect(paths.code, paths.output).toBe(0);
    expect(paths.output).toMatch(/30 passed/);
  });

  it('streams a reply into the React app in Chromium, served by the packed rejoin-server CLI', async () => {
    const dir = join(scratch, 'react');
    server = startCommand(join(dir, 'node_modules', '.bin', 'rejoin-server'), ['--port', '0', '--static', 'dist'], { cwd: dir });
    const [, pageUrl] = await server.waitFor(SERVER_CLI_SERVING);
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(pageUrl!);
    // Every text the reply shows, in order: a streamed reply grows in steps, it does not appear whole.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const text = document.querySelector('[data-role="assistant"] .rj-message__text')?.textContent ?? '';
        if (text !== '' && text !== seen.at(-1)) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.fill('input[name="text"]', 'Hello from a scratch app');
    await page.click('button:has-text("Send")');
    await page.waitForSelector('form[data-processing="false"] [data-role="assistant"]');
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const reply = seen.at(-1) ?? '';
    expect(reply.trim().length).toBeGreaterThan(0);
    expect(seen.length, `the reply appeared in ${seen.length} step(s)`).toBeGreaterThan(2);
    for (const step of seen) expect(reply.startsWith(step)).toBe(true);
  });
});
