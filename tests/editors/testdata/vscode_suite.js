// extensionTestsPath module: runs INSIDE the real VS Code extension host
// (code-server) with the real `vscode` API, against editors/vscode loaded as
// the development extension. It only collects what VS Code received and
// writes it to cfg.result; vscode_test.go judges it.
// Config: JSON file named by $E2E_CONFIG (inherited by the extension host).
const vscode = require('vscode');
const fs = require('fs');

const cfg = JSON.parse(fs.readFileSync(process.env.E2E_CONFIG, 'utf8'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(what, fn, ms) {
  const end = Date.now() + (ms || cfg.timeoutMs);
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const text = (c) => (typeof c === 'string' ? c : c.value ?? String(c));
const label = (i) => (typeof i.label === 'string' ? i.label : i.label.label);
const loc = (d) => ({ file: (d.targetUri || d.uri).fsPath, line: (d.targetSelectionRange || d.targetRange || d.range).start.line });

async function open(file) {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc.uri;
}

exports.run = async function run() {
  const out = { vscode: vscode.version };
  try {
    const ext = vscode.extensions.getExtension(cfg.extensionId);
    if (!ext) throw new Error(`extension ${cfg.extensionId} is not loaded`);
    const uri = await open(cfg.diag.file);
    await until('the extension to activate', async () => ext.isActive);
    out.ext_active = true;
    // the client either runs or reports why it does not
    const state = await until('the language client to start or fail', async () => {
      const s = await vscode.commands.executeCommand('pgext-ls.state');
      return s && (s.running || s.status.kind === 'error') ? s : null;
    });
    out.state = state;
    if (!state.running) {
      if (cfg.missingServerPath) {
        // then point the setting at nothing: the extension restarts and must say how to install
        await vscode.workspace.getConfiguration('pgext-ls').update('server.path', cfg.missingServerPath, vscode.ConfigurationTarget.Global);
        const s2 = await until('the extension to report the missing server', async () => {
          const s = await vscode.commands.executeCommand('pgext-ls.state');
          return s && s.lastError && s.lastError.includes(cfg.missingServerPath) ? s : null;
        });
        out.missing_server_error = s2.lastError;
      }
      throw new Error(`pgext-ls did not start: ${state.lastError}`);
    }

    out.diagnostics = (await until(`a diagnostic containing "${cfg.diag.match}" in ${cfg.diag.file}`, async () => {
      const d = vscode.languages.getDiagnostics(uri);
      return d.some((x) => x.message.includes(cfg.diag.match)) ? d : null;
    })).map((d) => ({ line: d.range.start.line, message: d.message, severity: d.severity,
      code: typeof d.code === 'object' ? d.code.value : d.code, source: d.source }));

    // a file the editor has not opened (the Makefile next to the C file) gets its
    // diagnostics too, each exactly once: pushed or pulled, never both
    const mk = vscode.Uri.file(require('path').join(require('path').dirname(cfg.diag.file), 'Makefile'));
    await until('a diagnostic in the unopened Makefile', async () => vscode.languages.getDiagnostics(mk).length > 0);
    await sleep(4500); // VS Code pulls the workspace every 2 s; let it do so twice
    out.unopened = vscode.languages.getDiagnostics(mk).map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message}`);

    // the extension's command: server's workspace/executeCommand result in a new editor
    const before = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document;
    await vscode.commands.executeCommand('pgext-ls.showIndex', uri);
    const shown = vscode.window.activeTextEditor && vscode.window.activeTextEditor.document;
    out.show_index = shown && shown !== before
      ? { language: shown.languageId, untitled: shown.isUntitled, text: shown.getText().slice(0, 2000) }
      : null;

    // .control files get the extension's language (and grammar)
    const ctl = await open(cfg.control.file);
    out.control = { language: vscode.window.activeTextEditor.document.languageId };
    out.control.diagnostics = (await until(`a diagnostic containing "${cfg.control.match}" in ${cfg.control.file}`, async () => {
      const d = vscode.languages.getDiagnostics(ctl);
      return d.some((x) => x.message.includes(cfg.control.match)) ? d : null;
    })).map((d) => d.message);

    out.progress = (await vscode.commands.executeCommand('pgext-ls.state')).progress;

    const h = cfg.hover;
    const hUri = await open(h.file);
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', hUri, new vscode.Position(h.line, h.character));
    out.hover = hovers.flatMap((x) => x.contents.map(text));

    const c = cfg.completion;
    const cUri = await open(c.file);
    const comp = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', cUri, new vscode.Position(c.line, c.character));
    out.completion = comp.items.map(label);

    const df = cfg.definition;
    const dUri = await open(df.file);
    const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', dUri, new vscode.Position(df.line, df.character));
    out.definition = defs.map(loc);

    // one code action, if the server offers any, on the cross-file diagnostic
    const diag = vscode.languages.getDiagnostics(uri).find((x) => x.message.includes(cfg.diag.match));
    await open(cfg.diag.file);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, diag.range) || [];
    out.code_actions = actions.map((a) => a.title);
    if (actions.length > 0) {
      const a = actions[0];
      const before = vscode.workspace.textDocuments.map((d) => d.version).reduce((x, y) => x + y, 0);
      if (a.edit) out.code_action_applied = await vscode.workspace.applyEdit(a.edit);
      const cmd = a.command && typeof a.command === 'object' ? a.command : (typeof a.command === 'string' ? a : null);
      if (cmd && cmd.command) {
        await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments || []));
        out.code_action_command = cmd.command;
      }
      out.code_action_changed_documents = vscode.workspace.textDocuments.map((d) => d.version).reduce((x, y) => x + y, 0) !== before;
    }

    out.ok = true;
  } catch (e) {
    out.ok = false;
    out.error = String(e && e.message || e);
  }
  fs.writeFileSync(cfg.result, JSON.stringify(out));
  if (!out.ok) throw new Error('pgext-ls extension test failed: ' + out.error);
};
