// UI-level check of the installed .vsix in code-server, driven through
// headless chromium like a user would: open the C file from the Explorer,
// see the cross-file diagnostic in the Problems view and the pgext-ls
// status-bar item, hover a function name, and keep a screenshot.
//   node vscode_ui.cjs URL FILE_NAME DIAG_MATCH HOVER_WORD SCREENSHOT_PNG TIMEOUT_MS
// Prints ONE JSON object; exit 0 = every step passed.
'use strict';
const { chromium } = require('playwright-core');

const [, , url, fileName, diagMatch, hoverWord, shot, timeoutMs] = process.argv;
const timeout = Number(timeoutMs || 60000);
const out = {};

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  let ok = false;
  let page;
  let step = 'load the workbench';
  try {
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout });
    await page.waitForSelector('.explorer-folders-view', { timeout });

    step = `open ${fileName} from the Explorer`;
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).first().click();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout });

    step = 'find the pgext-ls status-bar item';
    const status = page.locator('.statusbar-item', { hasText: 'pgext-ls' });
    await status.first().waitFor({ timeout });
    out.status = await status.first().innerText();

    step = `see a diagnostic containing "${diagMatch}" in the Problems view`;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Shift+M');
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: diagMatch });
    await problem.first().waitFor({ timeout });
    out.problems = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();

    step = `hover "${hoverWord}"`;
    const word = page.locator('.monaco-editor .view-line span > span', { hasText: new RegExp(`^${hoverWord}$`) });
    await word.last().hover();
    const hover = page.locator('.monaco-hover-content', { hasText: hoverWord });
    await hover.first().waitFor({ timeout });
    out.hover = await hover.first().innerText();
    ok = true;
  } catch (e) {
    out.error = `could not ${step}: ${String(e && e.message || e).split('\n')[0]}`;
  } finally {
    if (page && shot) {
      try { await page.screenshot({ path: shot }); out.screenshot = shot; } catch {}
    }
    await browser.close();
  }
  out.ok = ok;
  console.log(JSON.stringify(out));
  process.exit(ok ? 0 : 1);
})();
