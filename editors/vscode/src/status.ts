// The status-bar item: server state, indexing progress ($/progress) and errors.

import * as vscode from 'vscode';
import {
  BaseLanguageClient,
  ClientCapabilities,
  FeatureState,
  StaticFeature,
  WorkDoneProgress,
  WorkDoneProgressBegin,
  WorkDoneProgressCreateRequest,
  WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { ServerStatus, statusTooltip } from './config';

/** The states the status item shows. */
export type StatusState =
  | { kind: 'idle'; reason: string }
  | { kind: 'starting' }
  | { kind: 'ready' }
  | { kind: 'progress'; title: string; message?: string; percentage?: number }
  | { kind: 'error'; message: string }
  | { kind: 'stopped' };

/** Status owns the status-bar item and remembers the last state for tests and the output command. */
export class Status implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private current: StatusState = { kind: 'stopped' };
  private readonly active = new Map<string, { title: string; message?: string; percentage?: number }>();
  private readonly titles: string[] = [];
  private readonly shown: string[] = [];
  private server: ServerStatus | undefined;
  private readonly endedEmitter = new vscode.EventEmitter<void>();
  /** onProgressEnd fires when a run of the server's work-done progress ends (an index is installed). */
  readonly onProgressEnd = this.endedEmitter.event;

  constructor() {
    this.item = vscode.window.createStatusBarItem('pgext-ls.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'pgext-ls';
    this.item.command = 'pgext-ls.showStatus';
    this.set({ kind: 'stopped' });
    this.item.show();
  }

  /** state returns what the item shows now. */
  get state(): StatusState {
    return this.current;
  }

  /** tooltip returns the item's tooltip text. */
  get tooltip(): string {
    return typeof this.item.tooltip === 'string' ? this.item.tooltip : (this.item.tooltip?.value ?? '');
  }

  /** text returns the item's text. */
  get text(): string {
    return this.item.text;
  }

  /** setServer records what the server last said about itself (pgext-ls.status) and shows it in the tooltip. */
  setServer(st: ServerStatus | undefined): void {
    this.server = st;
    this.set(this.current);
  }

  /** progressTitles returns the titles of the last (at most 20) progress runs the server began. */
  get progressTitles(): readonly string[] {
    return this.titles;
  }

  /** history returns the last (at most 100) texts the item showed, oldest first, each change once. */
  get history(): readonly string[] {
    return this.shown;
  }

  /** set shows s. */
  set(s: StatusState): void {
    this.current = s;
    this.item.backgroundColor = undefined;
    const click = '\nClick to show the status in the output.';
    switch (s.kind) {
      case 'idle':
        this.item.text = '$(circle-outline) pgext-ls: idle';
        this.item.tooltip = `pgext-ls: idle\n${s.reason}${click}`;
        break;
      case 'starting':
        this.item.text = '$(sync~spin) pgext-ls: starting';
        this.item.tooltip = 'pgext-ls: starting the language server';
        break;
      case 'ready':
        this.item.text = '$(check) pgext-ls: ready';
        this.item.tooltip = statusTooltip('ready', this.server) + click;
        break;
      case 'progress': {
        const pct = s.percentage !== undefined ? ` ${Math.round(s.percentage)}%` : '';
        this.item.text = `$(sync~spin) pgext-ls: ${s.title}${pct}`;
        this.item.tooltip = statusTooltip(`${s.title}${pct}${s.message ? ` (${s.message})` : ''}`, this.server) + click;
        break;
      }
      case 'error':
        this.item.text = '$(error) pgext-ls: error';
        this.item.tooltip = `pgext-ls: error: ${s.message}${click}`;
        this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
        break;
      case 'stopped':
        this.item.text = '$(circle-slash) pgext-ls: stopped';
        this.item.tooltip = `pgext-ls: the language server is not running.${click}`;
        break;
    }
    if (this.shown[this.shown.length - 1] !== this.item.text) {
      this.shown.push(this.item.text);
      this.shown.splice(0, Math.max(0, this.shown.length - 100));
    }
  }

  /** indexing shows a ready item as indexing: the server has not installed its first index yet. */
  indexing(): void {
    if (this.current.kind === 'ready') {
      this.set({ kind: 'progress', title: 'indexing' });
    }
  }

  /** progress records a $/progress value for token and updates the item. */
  progress(token: string, value: WorkDoneProgressBegin | WorkDoneProgressReport | { kind: 'end' }): void {
    if (value.kind === 'begin') {
      this.active.set(token, { title: value.title, message: value.message, percentage: value.percentage });
      this.titles.push(value.title);
      this.titles.splice(0, Math.max(0, this.titles.length - 20));
    } else if (value.kind === 'report') {
      const p = this.active.get(token);
      if (p) {
        p.message = value.message ?? p.message;
        p.percentage = value.percentage ?? p.percentage;
      }
    } else {
      this.active.delete(token);
      this.endedEmitter.fire();
    }
    if (this.current.kind === 'error' || this.current.kind === 'stopped' || this.current.kind === 'idle') {
      return;
    }
    const last = [...this.active.values()].pop();
    this.set(last ? { kind: 'progress', ...last } : { kind: 'ready' });
  }

  /** resetProgress forgets all progress (the server went away). */
  resetProgress(): void {
    this.active.clear();
  }

  dispose(): void {
    this.endedEmitter.dispose();
    this.item.dispose();
  }
}

/**
 * ProgressFeature routes the server's work-done progress to the status item.
 * It is registered after the client's built-in features, so its handler for
 * window/workDoneProgress/create replaces the built-in one (which would show a
 * notification for every indexing run).
 */
export class ProgressFeature implements StaticFeature {
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: BaseLanguageClient,
    private readonly status: Status,
  ) {}

  getState(): FeatureState {
    return { kind: 'static' };
  }

  fillClientCapabilities(capabilities: ClientCapabilities): void {
    capabilities.window = capabilities.window ?? {};
    capabilities.window.workDoneProgress = true;
  }

  initialize(): void {
    this.disposables.push(
      this.client.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
        const key = String(token);
        const sub = this.client.onProgress(WorkDoneProgress.type, token, (value) => {
          this.status.progress(key, value);
          if (value.kind === 'end') {
            sub.dispose();
          }
        });
        this.disposables.push(sub);
      }),
    );
  }

  clear(): void {
    this.disposables.splice(0).forEach((d) => d.dispose());
    this.status.resetProgress();
  }
}
