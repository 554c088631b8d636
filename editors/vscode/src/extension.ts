// VS Code client for pgext-ls, the language server for PostgreSQL C
// extensions. It starts the server when a workspace folder holds extension
// code (a *.control file, a PGXS Makefile, a C file with PG_MODULE_MAGIC,
// _PG_init or a hook), when such a file appears, or when a C, SQL or
// .control file is opened (single-file service); passes the pgext-ls.*
// settings on; shows idle / indexing N% / ready / error in the status bar
// with what the server indexed; and adds four commands (restart, output,
// show status, show index).

import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  LogMessageNotification,
  RevealOutputChannelOn,
  State,
} from 'vscode-languageclient/node';
import {
  INSTALL_COMMAND,
  LANGUAGES,
  LogLevel,
  MARKERS,
  ServerStatus,
  cSourceMark,
  documentSelector,
  indexView,
  makefileMark,
  resolveServer,
  serverLogLine,
  serverSettings,
  ServerSettings,
} from './config';
import { ProgressFeature, Status } from './status';

const SECTION = 'pgext-ls';
const SHOW_INDEX = 'pgext-ls.showIndex';
const SERVER_STATUS = 'pgext-ls.status';

/** Controller owns the language client and everything that lives as long as the extension. */
class Controller implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly output = vscode.window.createOutputChannel('pgext-ls', { log: true });
  private readonly status = new Status();
  private readonly disposables: vscode.Disposable[] = [];
  private showIndexFallback: vscode.Disposable | undefined;
  private serverPath: string | undefined;
  private lastError: string | undefined;
  private starting: Promise<void> | undefined;
  private statusSeq = 0;
  private refreshTimer: NodeJS.Timeout | undefined;
  /** found lists the markers the last scan of the workspace found, as "folder: marker". */
  private found: string[] = [];
  private readonly markerWatcher = vscode.workspace.createFileSystemWatcher('**/{*.control,*.c,Makefile,GNUmakefile,makefile}');

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      this.output,
      this.status,
      vscode.commands.registerCommand('pgext-ls.restartServer', () => this.restart()),
      vscode.commands.registerCommand('pgext-ls.showOutput', () => this.output.show(true)),
      vscode.commands.registerCommand('pgext-ls.showStatus', () => this.showStatus()),
      // Not contributed to the palette: lets tests and bug reports read the client's state.
      vscode.commands.registerCommand('pgext-ls.state', () => ({
        status: this.status.state,
        text: this.status.text,
        tooltip: this.status.tooltip,
        found: this.found,
        progress: this.status.progressTitles,
        history: this.status.history,
        running: this.client?.state === State.Running,
        serverPath: this.serverPath,
        lastError: this.lastError,
      })),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.restart()),
      // An idle extension starts when a file of the server's languages is
      // opened (single-file service) or a marker file appears. After a
      // failure it stays stopped with its error until a restart or a
      // settings change: opening a file must not respawn a crashing server.
      vscode.workspace.onDidOpenTextDocument((doc) => {
        if (isServed(doc)) {
          this.startIfIdle();
        }
      }),
      this.markerWatcher,
      this.markerWatcher.onDidCreate(() => {
        this.markerAppeared();
        this.refreshSoon();
      }),
      this.markerWatcher.onDidChange(() => this.markerAppeared()),
      this.status.onProgressEnd(() => void this.refreshServerStatus()),
      // Saved and created files change what the server indexed without
      // necessarily a progress run: refresh the tooltip after them.
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (isServed(doc)) {
          this.refreshSoon();
        }
      }),
      this.markerWatcher.onDidDelete(() => this.refreshSoon()),
      { dispose: () => clearTimeout(this.refreshTimer) },
    );
    this.registerShowIndexFallback();
  }

  /** start starts the client unless it is running or starting. */
  start(): Promise<void> {
    if (!this.starting) {
      this.starting = this.doStart().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (this.client) {
      return;
    }
    this.lastError = undefined;
    const cfg = vscode.workspace.getConfiguration(SECTION);
    const bundled = this.context.asAbsolutePath(path.join('bin', process.platform === 'win32' ? 'pgext-ls.exe' : 'pgext-ls'));
    const resolved = resolveServer({
      configuredPath: cfg.get<string>('server.path', ''),
      bundledPath: bundled,
      env: process.env,
      platform: process.platform,
      homedir: os.homedir(),
      isExecutable,
    });
    if (!resolved.ok) {
      this.fail(resolved.message);
      this.output.appendLine(`Looked in:\n  ${resolved.searched.join('\n  ')}`);
      void vscode.window.showErrorMessage(resolved.message, 'Copy Install Command', 'Open Settings').then((pick) => {
        if (pick === 'Copy Install Command') {
          void vscode.env.clipboard.writeText(INSTALL_COMMAND);
        } else if (pick === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'pgext-ls.server.path');
        }
      });
      return;
    }
    this.serverPath = resolved.path;
    const args = cfg.get<string[]>('server.args', []);
    this.found = await extensionMarkers();
    const open = vscode.workspace.textDocuments.filter(isServed);
    if (this.found.length === 0 && open.length === 0) {
      const reason = `No PostgreSQL extension code in the workspace: looked for ${MARKERS}. ` +
        'pgext-ls starts when such a file appears or a C, SQL or .control file is opened.';
      this.output.info(reason);
      this.status.set({ kind: 'idle', reason });
      return;
    }
    const why = this.found.length > 0 ? `found ${this.found.join('; ')}` : `single-file service for ${open.map((d) => d.uri.fsPath).join(', ')}`;
    this.output.info(`Starting ${resolved.path} ${args.join(' ')} (found via ${resolved.source}): ${why}`);

    // One record per server process: the client restarts crashed servers,
    // and each process's exit status and last stderr lines belong together.
    interface Run {
      proc: ChildProcess;
      stderr: string;
      exit?: { code: number | null; signal: NodeJS.Signals | null };
      closed: Promise<void>;
    }
    const runs: Run[] = [];
    const serverOptions = async (): Promise<ChildProcess> => {
      const p = spawn(resolved.path, args, { stdio: ['pipe', 'pipe', 'pipe'], env: process.env });
      const run: Run = { proc: p, stderr: '', closed: Promise.resolve() };
      p.stderr?.on('data', (chunk: Buffer) => {
        run.stderr = (run.stderr + chunk.toString()).slice(-2000);
      });
      // 'close' comes after the last stderr bytes, unlike 'exit'.
      run.closed = new Promise<void>((resolve) => {
        p.on('close', (code, signal) => {
          run.exit = { code, signal };
          resolve();
        });
      });
      await new Promise<void>((resolve, reject) => {
        p.once('spawn', () => resolve());
        p.once('error', (err) => reject(new Error(`cannot run ${resolved.path}: ${err.message}`)));
      });
      runs.push(run);
      return p;
    };
    const describeExit = (): string | undefined => {
      const run = [...runs].reverse().find((r) => r.exit !== undefined);
      if (!run?.exit) {
        return undefined;
      }
      const how = run.exit.code !== null ? `exited with code ${run.exit.code}` : `was killed by ${run.exit.signal}`;
      const tail = run.stderr.trim().split('\n').slice(-5).join('\n');
      return `the pgext-ls server (${resolved.path}) ${how}` + (tail ? `: ${tail}` : '');
    };

    let initError: string | undefined;
    let started = false;
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      outputChannel: this.output,
      // The server's stderr lines carry their level (see serverLogLine).
      stdioOptions: {
        stdout: (input, channel) => {
          readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (l) => channel.info(l));
        },
        stderr: (input, channel) => {
          let level: LogLevel = 'info';
          readline.createInterface({ input, crlfDelay: Infinity, terminal: false }).on('line', (l) => {
            const line = serverLogLine(l, level);
            level = line.level;
            if (level === 'error') {
              channel.error(line.text);
            } else if (level === 'warning') {
              channel.warn(line.text);
            } else {
              channel.info(line.text);
            }
          });
        },
      },
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: settingsFor(undefined),
      synchronize: {
        fileEvents: [
          vscode.workspace.createFileSystemWatcher('**/*.{c,h,sql,control}'),
          vscode.workspace.createFileSystemWatcher('**/{Makefile,GNUmakefile,pgext-ls.json,.pgext-ls.json}'),
        ],
      },
      initializationFailedHandler: (err) => {
        initError = `the server failed to initialize: ${errorText(err)}`;
        return false;
      },
      middleware: {
        workspace: {
          // Answer workspace/configuration for our section with the same shape
          // as initializationOptions; other sections get VS Code's raw values.
          configuration: async (params, token, next) => {
            const raw = await next(params, token);
            if (!Array.isArray(raw)) {
              return raw;
            }
            return params.items.map((item, i) =>
              item.section === SECTION ? settingsFor(item.scopeUri) : raw[i],
            );
          },
        },
        executeCommand: async (command, cmdArgs, next) => {
          if (command !== SHOW_INDEX) {
            return next(command, cmdArgs);
          }
          return this.showIndex((a) => next(command, a), cmdArgs);
        },
      },
    };

    const client = new LanguageClient(SECTION, 'pgext-ls', serverOptions, clientOptions);
    client.registerFeature(new ProgressFeature(client, this.status));
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) {
        this.status.set({ kind: 'ready' });
        void this.refreshServerStatus();
      } else if (e.newState === State.Stopped && this.client === client && started) {
        // the client gave up restarting a server that kept crashing
        this.fail(describeExit() ?? 'the pgext-ls server stopped');
      }
    });
    this.client = client;
    this.status.set({ kind: 'starting' });
    this.showIndexFallback?.dispose();
    this.showIndexFallback = undefined;
    try {
      await client.start();
    } catch (err) {
      // When the server died, its exit status and last words say more than
      // the broken pipe the client saw; give them a moment to arrive.
      const last = runs[runs.length - 1];
      if (last) {
        await Promise.race([last.closed, new Promise((resolve) => setTimeout(resolve, 2000))]);
      }
      const msg = describeExit() ?? initError ?? `could not start the pgext-ls server: ${errorText(err)}`;
      this.client = undefined;
      this.fail(msg);
      void vscode.window.showErrorMessage(`pgext-ls: ${msg}`, 'Show Output').then((pick) => {
        if (pick) {
          this.output.show(true);
        }
      });
      runs.forEach((r) => r.proc.kill());
      this.registerShowIndexFallback();
      return;
    }
    started = true;
    // The server writes every window/logMessage to stderr too, with its
    // level, and stderr goes to the same channel: show each line once.
    client.onNotification(LogMessageNotification.type, () => undefined);
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (!commands.includes(SHOW_INDEX)) {
      // The client registers a VS Code command for every command the server
      // advertises; ours stays available when this server does not.
      this.registerShowIndexFallback();
    }
  }

  /** stop stops the client and waits for the server to exit. */
  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop(5000);
      } catch (err) {
        this.output.warn(`stopping the server: ${errorText(err)}`);
      }
    }
    this.status.set({ kind: 'stopped' });
    this.registerShowIndexFallback();
  }

  async restart(): Promise<void> {
    await this.starting;
    await this.stop();
    await this.start();
  }

  private fail(message: string): void {
    this.lastError = message;
    this.output.error(message);
    this.status.set({ kind: 'error', message });
  }

  /** markerAppeared starts an idle extension when a file that marks extension code appears. */
  private markerAppeared(): void {
    this.startIfIdle();
  }

  /** startIfIdle starts the client when it is idle: not running, not starting, not failed. */
  private startIfIdle(): void {
    if (!this.client && !this.starting && this.status.state.kind === 'idle') {
      void this.start();
    }
  }

  /** serverStatus asks the running server what it indexed (pgext-ls.status), or undefined. */
  private async serverStatus(format: 'json' | 'text'): Promise<unknown> {
    const client = this.client;
    if (!client || client.state !== State.Running) {
      return undefined;
    }
    const commands = client.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    if (!commands.includes(SERVER_STATUS)) {
      return undefined;
    }
    try {
      return await client.sendRequest(ExecuteCommandRequest.type, { command: SERVER_STATUS, arguments: format === 'json' ? ['json'] : [] });
    } catch (err) {
      this.output.warn(`${SERVER_STATUS}: ${errorText(err)}`);
      return undefined;
    }
  }

  /** refreshSoon refreshes the server's status once the changes of the next second have settled. */
  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refreshServerStatus(), 1000);
  }

  /**
   * refreshServerStatus puts what the server says about itself into the
   * status item's tooltip; a server still indexing shows as indexing, not
   * ready. Only the answer to the latest request is shown.
   */
  private async refreshServerStatus(): Promise<void> {
    const seq = ++this.statusSeq;
    const st = (await this.serverStatus('json')) as ServerStatus | undefined;
    if (seq !== this.statusSeq || !st || typeof st !== 'object') {
      return;
    }
    this.status.setServer(st);
    if (st.state === 'indexing') {
      this.status.indexing();
      // the end of the server's progress refreshes this too; ask again in
      // case this index reports none
      setTimeout(() => void this.refreshServerStatus(), 2000);
    }
  }

  /** showStatus prints the status item's state and the server's status in the output channel. */
  private async showStatus(): Promise<string> {
    await this.refreshServerStatus();
    const lines = [`Status: ${this.status.text.replace(/^\$\([^)]*\) /, '')}`, this.status.tooltip.replace(/\nClick to show the status in the output\.$/, '')];
    if (this.serverPath) {
      lines.push(`Server: ${this.serverPath}`);
    }
    if (this.found.length > 0) {
      lines.push(`Extension code found: ${this.found.join('; ')}`);
    }
    const text = await this.serverStatus('text');
    if (typeof text === 'string') {
      lines.push('', text.trimEnd());
    }
    const out = lines.join('\n');
    this.output.info(`pgext-ls status:\n${out}`);
    this.output.show(true);
    return out;
  }

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration('pgext-ls.server')) {
      void this.restart();
      return;
    }
    if (e.affectsConfiguration(SECTION) && this.client?.state === State.Running) {
      void this.client.sendNotification('workspace/didChangeConfiguration', {
        settings: { [SECTION]: settingsFor(undefined) },
      });
    }
  }

  private registerShowIndexFallback(): void {
    if (this.showIndexFallback) {
      return;
    }
    this.showIndexFallback = vscode.commands.registerCommand(SHOW_INDEX, (...args: unknown[]) =>
      this.showIndex(async (a) => {
        if (!this.client || this.client.state !== State.Running) {
          throw new Error('the pgext-ls server is not running');
        }
        return this.client.sendRequest(ExecuteCommandRequest.type, { command: SHOW_INDEX, arguments: a });
      }, args),
    );
  }

  /** showIndex runs the server's showIndex command for a document and opens the result in a new editor. */
  private async showIndex(send: (args: unknown[]) => Promise<unknown>, args: unknown[]): Promise<unknown> {
    // The server takes the document URI as a string.
    let a = args.map((x) => (x instanceof vscode.Uri ? x.toString() : x));
    if (a.length === 0) {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) {
        void vscode.window.showInformationMessage('pgext-ls: open a C, SQL or .control file first.');
        return undefined;
      }
      a = [doc.uri.toString()];
    }
    let result: unknown;
    try {
      result = await send(a);
    } catch (err) {
      void vscode.window.showErrorMessage(`pgext-ls: show index failed: ${errorText(err)}`);
      return undefined;
    }
    const view = indexView(result);
    const doc = await vscode.workspace.openTextDocument({ language: view.language, content: view.content });
    await vscode.window.showTextDocument(doc, { preview: false });
    return result;
  }

  dispose(): void {
    this.showIndexFallback?.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

/** settingsFor reads the pgext-ls.* settings for a resource (or the window) in the shape the server reads. */
function settingsFor(scopeUri: string | undefined): ServerSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION, scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  return serverSettings({
    pgVersions: cfg.get('pgVersions'),
    pgConfig: cfg.get('pgConfig'),
    severity: cfg.get('severity'),
    ignore: cfg.get('ignore'),
  });
}

/** isServed reports whether the server handles a document: a file of its languages on disk. */
function isServed(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && (LANGUAGES as readonly string[]).includes(doc.languageId);
}

/**
 * extensionMarkers looks in each workspace folder for what marks PostgreSQL
 * extension code (see MARKERS) and returns what it found, as
 * "folder: marker": a *.control file, else a Makefile that sets a PGXS
 * variable, else a C file that uses PG_MODULE_MAGIC, _PG_init or a hook.
 */
async function extensionMarkers(): Promise<string[]> {
  const out: string[] = [];
  const exclude = '**/{node_modules,.git}/**';
  const read = async (uri: vscode.Uri): Promise<string> => {
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
    } catch {
      return '';
    }
  };
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') {
      continue;
    }
    const rel = (u: vscode.Uri) => path.relative(folder.uri.fsPath, u.fsPath);
    const controls = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.control'), exclude, 1);
    if (controls.length > 0) {
      out.push(`${folder.name}: ${rel(controls[0])}`);
      continue;
    }
    let mark: string | undefined;
    for (const mk of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/{Makefile,GNUmakefile,makefile}'), exclude, 50)) {
      const v = makefileMark(await read(mk));
      if (v) {
        mark = `${rel(mk)} (${v})`;
        break;
      }
    }
    if (!mark) {
      for (const c of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*.c'), exclude, 200)) {
        const v = cSourceMark(await read(c));
        if (v) {
          mark = `${rel(c)} (${v})`;
          break;
        }
      }
    }
    if (mark) {
      out.push(`${folder.name}: ${mark}`);
    }
  }
  return out;
}

function isExecutable(p: string): boolean {
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) {
      return false;
    }
    if (process.platform === 'win32') {
      return true;
    }
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

let controller: Controller | undefined;

/** activate is called by VS Code for a C, SQL or .control file, or a workspace that may hold extension code (package.json's activationEvents). */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  controller = new Controller(context);
  context.subscriptions.push(controller);
  await controller.start();
}

/** deactivate stops the server (shutdown + exit). */
export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}
