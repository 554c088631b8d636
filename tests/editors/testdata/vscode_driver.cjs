// Opens the code-server workbench in headless chromium with the
// extension-test payload (extensionDevelopmentPath + extensionTestsPath, the
// mechanism VS Code's own browser integration tests use) and waits for the
// suite's result file. Prints the result JSON; exits 1 when there is none.
// With SCREENSHOT_PNG, it takes a screenshot of the workbench when the suite
// asks for one (by writing SCREENSHOT_PNG.ready).
//   node vscode_driver.cjs BASE_URL FOLDER|WORKSPACE_FILE EXT_DEV_DIR SUITE_JS RESULT_JSON TIMEOUT_MS [SCREENSHOT_PNG]
// Needs playwright-core on NODE_PATH and /usr/bin/chromium.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');

const [, , base, folder, devPath, testsPath, result, timeoutMs, shot] = process.argv;
(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const logs = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (m) => logs.push(m.type() + ': ' + m.text()));
    const auth = new URL(base).host;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${auth}${devPath}`],
      ['extensionTestsPath', `vscode-remote://${auth}${testsPath}`],
      ['skipWelcome', 'true'],
    ]);
    // FOLDER may be a .code-workspace file (a multi-root workspace)
    const open = folder.endsWith('.code-workspace') ? 'workspace' : 'folder';
    await page.goto(`${base}/?${open}=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    const end = Date.now() + Number(timeoutMs || 120000);
    while (!fs.existsSync(result) && Date.now() < end) {
      if (shot && !fs.existsSync(shot) && fs.existsSync(shot + '.ready')) {
        await page.screenshot({ path: shot });
        fs.unlinkSync(shot + '.ready');
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await browser.close();
  }
  if (!fs.existsSync(result)) {
    console.log(JSON.stringify({ ok: false, error: 'the extension test suite wrote no result', browser_console: logs.slice(-20) }));
    process.exit(1);
  }
  const raw = fs.readFileSync(result, 'utf8');
  console.log(raw);
  process.exit(JSON.parse(raw).ok ? 0 : 1);
})().catch((e) => {
  console.log(JSON.stringify({ ok: false, error: 'driver: ' + String(e && e.message || e) }));
  process.exit(1);
});
