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

const state = () => vscode.commands.executeCommand('pgext-ls.state');

// hoverAt returns the hover texts at cfg place p (file, line, character).
async function hoverAt(p) {
  const u = await open(p.file);
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', u, new vscode.Position(p.line, p.character));
  return hovers.flatMap((x) => x.contents.map(text));
}

// ready waits until the status item shows ready with what the server
// indexed, and then (for at most 10 s) until its tooltip says each of
// cfg.tooltip; it returns a copy of the state then.
async function ready() {
  await until('the status item to show ready with what the server indexed', async () => {
    const s = await state();
    return s && s.status.kind === 'ready' && s.tooltip.includes('Indexed');
  });
  const want = cfg.tooltip || [];
  await until('the tooltip to say ' + JSON.stringify(want), async () => {
    const s = await state();
    return want.every((w) => s.tooltip.includes(w));
  }, 10000).catch(() => {});
  return JSON.parse(JSON.stringify(await state()));
}

// running waits (saying what for) until the language client runs, and
// fails with the extension's error when it fails to start.
async function running(what) {
  const s = await until(what, async () => {
    const s = await state();
    return s && (s.running || s.status.kind === 'error') ? s : null;
  });
  if (!s.running) throw new Error(`pgext-ls did not start: ${s.lastError}`);
}

// diagnosticsFor waits for a diagnostic whose message contains d.match in
// d.file and returns the file's diagnostics then.
async function diagnosticsFor(d) {
  const u = vscode.Uri.file(d.file);
  return (await until(`a diagnostic containing "${d.match}" in ${d.file}`, async () => {
    const ds = vscode.languages.getDiagnostics(u);
    return ds.some((x) => x.message.includes(d.match)) ? ds : null;
  })).map((x) => ({ line: x.range.start.line, message: x.message, severity: x.severity,
    code: typeof x.code === 'object' ? x.code.value : x.code, source: x.source }));
}

// completionAt returns the labels VS Code's completion offers at p.
async function completionAt(p) {
  const u = await open(p.file);
  const comp = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', u, new vscode.Position(p.line, p.character));
  return comp.items.map(label);
}

// signaturesAt returns the signature labels of the signature help at p.
async function signaturesAt(p) {
  const u = await open(p.file);
  const sh = await vscode.commands.executeCommand('vscode.executeSignatureHelpProvider', u, new vscode.Position(p.line, p.character), '(');
  return sh ? sh.signatures.map((s) => s.label) : [];
}

// serverCodes lists the codes of the server's diagnostics of file.
function serverCodes(file) {
  return vscode.languages.getDiagnostics(vscode.Uri.file(file)).filter((d) => d.source === 'pgext-ls')
    .map((d) => String(typeof d.code === 'object' ? d.code.value : d.code));
}

// newExtStep runs one step of the steps scenario (files are relative to cfg.dir):
//   {type: FILE, text}       create FILE empty, open it, type text into it (unsaved)
//   {await: FILE, code}      wait until FILE has the server's diagnostic CODE (rec.seen)
//   {act: TITLE, file, at}   code actions at the first `at` of FILE (rec.offered);
//                            apply the one titled TITLE (its edit, then its command)
//   {write: true}            save every dirty document
//   {settle: [FILE...]}      wait (at most 10 s) until the server reports nothing
//                            for the FILEs; rec.diagnostics: FILE -> codes left
async function newExtStep(step, rec, ext) {
  const p = (f) => require('path').join(cfg.dir, f);
  if (step.type) {
    const u = vscode.Uri.file(p(step.type));
    await vscode.workspace.fs.writeFile(u, new Uint8Array());
    const doc = await vscode.workspace.openTextDocument(u);
    const ed = await vscode.window.showTextDocument(doc);
    await ed.edit((b) => b.insert(new vscode.Position(0, 0), step.text));
    rec.language = doc.languageId;
    await until('the extension to activate and the server to run', async () => {
      const s = ext.isActive && await state();
      return s && s.running;
    });
  } else if (step.await) {
    rec.seen = !!(await until(`${step.code} on ${step.await}`, async () => serverCodes(p(step.await)).includes(step.code)).catch(() => false));
  } else if (step.act) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(p(step.file)));
    await vscode.window.showTextDocument(doc);
    const off = doc.getText().indexOf(step.at);
    if (off < 0) throw new Error(`${step.file} does not contain ${step.at}`);
    const at = doc.positionAt(off);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(at, at), undefined, 100) || [];
    rec.offered = actions.map((a) => a.title);
    const a = actions.find((x) => x.title === step.act);
    if (!a) return;
    if (a.edit) rec.applied = await vscode.workspace.applyEdit(a.edit);
    const cmd = a.command && typeof a.command === 'object' ? a.command : null;
    if (cmd && cmd.command) await vscode.commands.executeCommand(cmd.command, ...(cmd.arguments || []));
  } else if (step.write) {
    for (const d of vscode.workspace.textDocuments) {
      if (d.isDirty) await d.save();
    }
  } else if (step.settle) {
    await until('the server to report nothing for ' + step.settle.join(', '),
      async () => step.settle.every((f) => serverCodes(p(f)).length === 0), 10000).catch(() => {});
    rec.diagnostics = {};
    for (const f of step.settle) rec.diagnostics[f] = serverCodes(p(f));
  }
}

// screenshot shows the hover at p in the editor, then lets the driver
// (vscode_driver.cjs) take cfg.screenshot: the suite writes SHOT.ready and
// waits for SHOT to exist.
async function screenshot(p) {
  if (!cfg.screenshot) return;
  if (p) {
    await open(p.file);
    const ed = vscode.window.activeTextEditor;
    ed.selection = new vscode.Selection(p.line, p.character, p.line, p.character);
    ed.revealRange(new vscode.Range(p.line, 0, p.line, 0), vscode.TextEditorRevealType.InCenter);
    await sleep(500);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(1500);
  }
  fs.writeFileSync(cfg.screenshot + '.ready', '');
  await until('the driver to take the screenshot', async () => fs.existsSync(cfg.screenshot), 20000).catch(() => {});
}

// The scenarios besides the default (the demo workspace). Each fills out.
const scenarios = {
  // The demo workspace (pgext_demo and broken_demo side by side): the
  // cross-file diagnostic, unopened Makefile, showIndex, .control language,
  // hover, completion, definition and one code action.
  async demo(out, ext) {
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

    out.hover = await hoverAt(cfg.hover);

    out.completion = await completionAt(cfg.completion);

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
  },
  // A workspace holding extension code but no .control (a hook-only PGXS
  // module; C files using PG_MODULE_MAGIC or _PG_init): the extension
  // activates and the server starts before any file is opened, and hover
  // answers.
  async hookOnly(out, ext) {
    await until('the extension to activate for the folder', async () => ext.isActive);
    out.ext_active = true;
    await running('the language client to start or fail');
    out.opened_before_start = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'file').map((d) => d.uri.fsPath);
    out.state = await ready();
    out.hover = await hoverAt(cfg.hover);
    await screenshot(cfg.hover);
  },
  // A folder with no extension code: the status item says idle and which
  // markers it looked for; then the .control and install script appear on
  // disk and the server starts: the script's diagnostic and a hover in the
  // control file arrive.
  async createdControl(out, ext) {
    await until('the extension to activate for the folder', async () => ext.isActive);
    out.ext_active = true;
    out.idle = await until('the status item to show idle', async () => {
      const s = await state();
      return s && s.status.kind !== 'stopped' ? JSON.parse(JSON.stringify(s)) : null;
    });
    for (const f of cfg.create) fs.writeFileSync(f.file, f.text);
    await running('the language client to start after the files appeared');
    out.state = await ready();
    out.diagnostics = await diagnosticsFor(cfg.diag);
    out.hover = await hoverAt(cfg.hover);
    await screenshot(cfg.hover);
  },
  // A folder holding one SQL file: nothing activates the extension until
  // the file is opened (onLanguage:sql); then the server starts for it
  // (single-file service) and hover answers.
  async loneSQL(out, ext) {
    await sleep(1500); // let the workbench finish its start-up activations
    out.active_before_open = ext.isActive;
    await open(cfg.hover.file);
    await until('the extension to activate for the SQL file', async () => ext.isActive);
    out.ext_active = true;
    await running('the language client to start or fail');
    out.state = await ready();
    out.hover = await hoverAt(cfg.hover);
    await screenshot(cfg.hover);
  },
  // A larger workspace (a copy of contrib): the status item goes through
  // indexing N% to ready; then the "pgext-ls: Show status" command prints
  // the status into the output channel (the Go test reads the channel's
  // log file).
  async status(out, ext) {
    await until('the extension to activate for the folder', async () => ext.isActive);
    out.ext_active = true;
    await running('the language client to start or fail');
    out.state = await ready();
    out.show_status = await vscode.commands.executeCommand('pgext-ls.showStatus');
    await sleep(1500); // the log channel writes its file asynchronously
    await screenshot();
  },
  // A new extension's first minutes from an empty folder, as a user does
  // them: cfg.steps, each recorded in out.steps (see newExtStep); then the
  // files on disk. Nothing activates the extension before the first file.
  async steps(out, ext) {
    await sleep(1500); // let the workbench finish its start-up activations
    out.active_before_open = ext.isActive;
    out.steps = [];
    for (const step of cfg.steps) {
      const rec = {};
      out.steps.push(rec);
      await newExtStep(step, rec, ext);
    }
    const dir = cfg.dir;
    out.files = {};
    for (const name of fs.readdirSync(dir)) {
      out.files[name] = fs.readFileSync(require('path').join(dir, name), 'utf8');
    }
    out.state = await ready();
    await screenshot();
  },
  // A C file outside every extension: the idle extension starts for it
  // (single-file service); the file's own checks, hover, completion and
  // signature help answer.
  async loose(out, ext) {
    await until('the extension to activate for the folder', async () => ext.isActive);
    out.ext_active = true;
    out.idle = await until('the status item to leave stopped', async () => {
      const s = await state();
      return s && s.status.kind !== 'stopped' ? JSON.parse(JSON.stringify(s)) : null;
    });
    await open(cfg.hover.file);
    await running('the language client to start or fail');
    out.state = await ready();
    out.diagnostics = await diagnosticsFor(cfg.diag);
    out.hover = await hoverAt(cfg.hover);
    out.completion = await completionAt(cfg.completion);
    out.signatures = await signaturesAt(cfg.signature);
    await screenshot(cfg.hover);
  },
};

scenarios.cOnly = scenarios.hookOnly;

exports.run = async function run() {
  const out = { vscode: vscode.version };
  try {
    const ext = vscode.extensions.getExtension(cfg.extensionId);
    if (!ext) throw new Error(`extension ${cfg.extensionId} is not loaded`);
    await scenarios[cfg.scenario || 'demo'](out, ext);
    out.ok = true;
  } catch (e) {
    out.ok = false;
    out.error = String(e && e.message || e);
  }
  fs.writeFileSync(cfg.result, JSON.stringify(out));
  if (!out.ok) throw new Error('pgext-ls extension test failed: ' + out.error);
};
