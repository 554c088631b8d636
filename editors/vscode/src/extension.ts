// VS Code client for pgext-ls, the language server for PostgreSQL C
// extensions. It starts the server for C, SQL and .control files in
// workspace folders that hold a *.control file, passes the pgext-ls.*
// settings on, shows the server's indexing progress and errors in the status
// bar, and adds three commands (restart, output, show index).

import { spawn, ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  State,
} from 'vscode-languageclient/node';
import {
  INSTALL_COMMAND,
  documentSelector,
  indexView,
  resolveServer,
  serverSettings,
  ServerSettings,
} from './config';
import { ProgressFeature, Status } from './status';

const SECTION = 'pgext-ls';
const SHOW_INDEX = 'pgext-ls.showIndex';

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

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      this.output,
      this.status,
      vscode.commands.registerCommand('pgext-ls.restartServer', () => this.restart()),
      vscode.commands.registerCommand('pgext-ls.showOutput', () => this.output.show(true)),
      // Not contributed to the palette: lets tests and bug reports read the client's state.
      vscode.commands.registerCommand('pgext-ls.state', () => ({
        status: this.status.state,
        progress: this.status.progressTitles,
        running: this.client?.state === State.Running,
        serverPath: this.serverPath,
        lastError: this.lastError,
      })),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.restart()),
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
    const roots = await extensionFolders();
    if (roots.length === 0) {
      this.output.appendLine('No workspace folder holds a *.control file; pgext-ls is idle.');
      this.status.set({ kind: 'stopped' });
      return;
    }
    this.output.appendLine(`Starting ${resolved.path} ${args.join(' ')} (found via ${resolved.source}) for ${roots.join(', ')}`);

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
      documentSelector: documentSelector(roots),
      outputChannel: this.output,
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
        this.output.appendLine(`stopping the server: ${errorText(err)}`);
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
    this.output.appendLine(`error: ${message}`);
    this.status.set({ kind: 'error', message });
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

/** extensionFolders returns the file-system paths of the workspace folders that hold a *.control file. */
async function extensionFolders(): Promise<string[]> {
  const out: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') {
      continue;
    }
    const found = await vscode.workspace.findFiles(
      new vscode.RelativePattern(folder, '**/*.control'),
      '**/{node_modules,.git}/**',
      1,
    );
    if (found.length > 0) {
      out.push(folder.uri.fsPath);
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

/** activate is called by VS Code when a workspace folder holds a *.control file. */
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
