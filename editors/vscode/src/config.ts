// Pure logic of the extension: finding the server binary, turning VS Code
// settings into what the server reads, and deciding which folders are
// PostgreSQL extensions. Nothing here imports 'vscode', so it runs under
// `node --test` (see test/config.test.ts).

import * as path from 'node:path';

/** The shell command that installs the server, shown when it is missing. */
export const INSTALL_COMMAND = 'go install github.com/pgext-ls/pgext-ls/cmd/pgext-ls@latest';

/** Severities a check code can be configured to. */
export const SEVERITIES = ['error', 'warning', 'info', 'hint', 'off'] as const;

/** A severity a check code can be configured to. */
export type Severity = (typeof SEVERITIES)[number];

/** What the server receives as initializationOptions and as the `pgext-ls` configuration section. */
export interface ServerSettings {
  pgVersions?: number[];
  pgConfig?: string;
  severity?: Record<string, Severity>;
  ignore?: string[];
}

/** The raw `pgext-ls.*` settings as VS Code hands them out (any value may be of a wrong type). */
export interface RawSettings {
  pgVersions?: unknown;
  pgConfig?: unknown;
  severity?: unknown;
  ignore?: unknown;
}

/**
 * serverSettings maps raw settings to the server's settings. Empty or invalid
 * values are left out, so the server applies its own defaults (zero
 * configuration must work): an empty pgVersions means "decide yourself", not
 * "no versions".
 */
export function serverSettings(raw: RawSettings): ServerSettings {
  const out: ServerSettings = {};
  if (Array.isArray(raw.pgVersions)) {
    const versions = raw.pgVersions.filter((v): v is number => Number.isInteger(v) && v > 0);
    if (versions.length > 0) {
      out.pgVersions = [...new Set(versions)].sort((a, b) => a - b);
    }
  }
  if (typeof raw.pgConfig === 'string' && raw.pgConfig.trim() !== '') {
    out.pgConfig = raw.pgConfig.trim();
  }
  if (raw.severity !== null && typeof raw.severity === 'object' && !Array.isArray(raw.severity)) {
    const sev: Record<string, Severity> = {};
    for (const [code, value] of Object.entries(raw.severity as Record<string, unknown>)) {
      const v = typeof value === 'string' ? value.toLowerCase() : value;
      if (code !== '' && (SEVERITIES as readonly unknown[]).includes(v)) {
        sev[code] = v as Severity;
      }
    }
    if (Object.keys(sev).length > 0) {
      out.severity = sev;
    }
  }
  if (Array.isArray(raw.ignore)) {
    const patterns = raw.ignore.filter((p): p is string => typeof p === 'string' && p.trim() !== '').map((p) => p.trim());
    if (patterns.length > 0) {
      out.ignore = patterns;
    }
  }
  return out;
}

/** The environment resolveServer looks at; injected so tests need no real files. */
export interface ResolveEnv {
  /** pgext-ls.server.path, possibly empty. */
  configuredPath: string;
  /** Path of the binary shipped inside a platform-specific .vsix (may not exist). */
  bundledPath?: string;
  /** Process environment (PATH, GOPATH, HOME). */
  env: Record<string, string | undefined>;
  /** process.platform. */
  platform: string;
  /** The user's home directory. */
  homedir: string;
  /** Reports whether p is an executable file. */
  isExecutable: (p: string) => boolean;
}

/** Where the server was found. */
export type ServerSource = 'setting' | 'bundled' | 'PATH' | 'GOPATH' | 'home';

/** The outcome of resolveServer: a path, or an error message for the user. */
export type Resolved =
  | { ok: true; path: string; source: ServerSource }
  | { ok: false; message: string; searched: string[] };

/**
 * resolveServer finds the pgext-ls binary: the pgext-ls.server.path setting
 * (relative to the home directory when it starts with ~), then the binary
 * shipped in a platform .vsix, then PATH, then each $GOPATH/bin, then
 * ~/go/bin (where `go install` puts it by default). The bundled binary comes
 * before PATH so a platform .vsix always runs the server it was built and
 * tested with; the setting overrides both.
 */
export function resolveServer(e: ResolveEnv): Resolved {
  const exe = e.platform === 'win32' ? 'pgext-ls.exe' : 'pgext-ls';
  const configured = e.configuredPath.trim();
  if (configured !== '') {
    let p = configured;
    if (p === '~' || p.startsWith('~/')) {
      p = path.join(e.homedir, p.slice(1));
    }
    if (e.isExecutable(p)) {
      return { ok: true, path: p, source: 'setting' };
    }
    return {
      ok: false,
      searched: [p],
      message: `pgext-ls.server.path is set to "${configured}", but no executable is there. ` +
        `Fix the setting, or clear it and install the server with: ${INSTALL_COMMAND}`,
    };
  }
  const candidates: Array<[string, ServerSource]> = [];
  if (e.bundledPath) {
    candidates.push([e.bundledPath, 'bundled']);
  }
  const sep = e.platform === 'win32' ? ';' : ':';
  for (const dir of (e.env.PATH ?? '').split(sep)) {
    if (dir !== '') {
      candidates.push([path.join(dir, exe), 'PATH']);
    }
  }
  for (const dir of (e.env.GOPATH ?? '').split(sep)) {
    if (dir !== '') {
      candidates.push([path.join(dir, 'bin', exe), 'GOPATH']);
    }
  }
  if (e.homedir !== '') {
    candidates.push([path.join(e.homedir, 'go', 'bin', exe), 'home']);
  }
  for (const [p, source] of candidates) {
    if (e.isExecutable(p)) {
      return { ok: true, path: p, source };
    }
  }
  return {
    ok: false,
    searched: candidates.map(([p]) => p),
    message: `The pgext-ls language server was not found on PATH, in $GOPATH/bin or in ~/go/bin. ` +
      `Install it with: ${INSTALL_COMMAND} (or set pgext-ls.server.path).`,
  };
}

/** Reports whether a directory listing marks a PostgreSQL extension root: it holds a *.control file. */
export function isExtensionRoot(names: readonly string[]): boolean {
  return names.some((n) => n.endsWith('.control') && n.length > '.control'.length);
}

/**
 * findExtensionRoot walks up from file's directory to stopAt (inclusive) and
 * returns the first directory that holds a *.control file, else the first
 * that holds a PGXS Makefile, else undefined. list returns a directory's
 * entry names (empty when it cannot be read).
 */
export function findExtensionRoot(
  file: string,
  stopAt: string,
  list: (dir: string) => readonly string[],
): string | undefined {
  const stop = path.resolve(stopAt);
  let makefileDir: string | undefined;
  for (let dir = path.dirname(path.resolve(file)); ; dir = path.dirname(dir)) {
    const names = list(dir);
    if (isExtensionRoot(names)) {
      return dir;
    }
    if (makefileDir === undefined && names.includes('Makefile')) {
      makefileDir = dir;
    }
    if (dir === stop || dir === path.dirname(dir) || !isInside(dir, stop)) {
      return makefileDir;
    }
  }
}

function isInside(dir: string, root: string): boolean {
  const rel = path.relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The language ids the server handles. */
export const LANGUAGES = ['c', 'sql', 'pgext-control'] as const;

/** A document filter as vscode-languageclient takes it. */
export interface DocumentFilter {
  scheme: string;
  language: string;
}

/**
 * documentSelector hands the client every C, SQL and control file on disk:
 * a file inside an extension is served with its extension, one outside
 * every extension on its own (single-file service, as clangd serves a file
 * no compilation database names).
 */
export function documentSelector(): DocumentFilter[] {
  return LANGUAGES.map((language) => ({ scheme: 'file', language }));
}

/** What the extension looks for to tell that a workspace holds PostgreSQL extension code. */
export const MARKERS =
  'a *.control file, a PGXS Makefile (PGXS, MODULES, MODULE_big or EXTENSION), ' +
  'or a C file that uses PG_MODULE_MAGIC, _PG_init or a *_hook';

const makefileMarkRe = /^[ \t]*(PGXS|MODULES|MODULE_big|EXTENSION)[ \t]*[:+?]?=/m;
const cMarkRe = /\b(PG_MODULE_MAGIC|_PG_init)\b|\b(\w+_hook)[ \t]*=[^=]/;

/** makefileMark returns the PGXS variable a Makefile's text sets (PGXS, MODULES, MODULE_big, EXTENSION), else undefined. */
export function makefileMark(text: string): string | undefined {
  return makefileMarkRe.exec(text)?.[1];
}

/** cSourceMark returns what marks a C file's text as PostgreSQL extension code (PG_MODULE_MAGIC, _PG_init, a hook it sets), else undefined. */
export function cSourceMark(text: string): string | undefined {
  const m = cMarkRe.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** A log level of the output channel. */
export type LogLevel = 'info' | 'warning' | 'error';

/** A server stderr line with its level, the server's timestamp and prefix removed. */
export interface LogLine {
  level: LogLevel;
  text: string;
}

const logLineRe = /^\d\d:\d\d:\d\d\.\d{3} pgext-ls: (?:(warning|error): )?(.*)$/;

/**
 * serverLogLine reads one stderr line of the server, which writes
 * "15:04:05.000 pgext-ls: [warning: |error: ]message". A line without that
 * prefix (a stack trace under a panic) continues the previous line and keeps
 * its level.
 */
export function serverLogLine(line: string, previous: LogLevel): LogLine {
  const m = logLineRe.exec(line);
  if (!m) {
    return { level: previous, text: line };
  }
  return { level: (m[1] as LogLevel | undefined) ?? 'info', text: m[2] };
}

/** The server's answer to the pgext-ls.status command with argument "json". */
export interface ServerStatus {
  state: string;
  roots: string[];
  extensions: { name: string; dir: string; files: number; versions: string }[];
  libraries: string[];
  files: number;
  looseFiles: string[];
  versions: string;
  notFound?: string;
  notices?: string[];
}

/**
 * statusTooltip says in words what the status item shows: the state, what
 * the server indexed (extensions with their PostgreSQL versions and where
 * they came from, libraries, files) and, when it found no extension, what
 * was looked for.
 */
export function statusTooltip(state: string, st: ServerStatus | undefined): string {
  const lines = [`pgext-ls: ${state}`];
  if (st) {
    const counts = [`${st.extensions.length} extension(s)`, `${st.files} file(s)`];
    if (st.libraries.length > 0) {
      counts.splice(1, 0, `${st.libraries.length} librar${st.libraries.length === 1 ? 'y' : 'ies'}`);
    }
    lines.push(`Indexed ${counts.join(', ')}.`);
    for (const e of st.extensions) {
      lines.push(`${e.name}: ${e.files} file(s), ${e.versions}`);
    }
    for (const l of st.libraries) {
      lines.push(`library ${l}`);
    }
    if (st.looseFiles.length > 0) {
      lines.push(`${st.looseFiles.length} file(s) open outside every folder, served on their own.`);
    }
    if (st.versions) {
      lines.push(st.versions);
    }
    if (st.notFound) {
      lines.push(st.notFound);
    }
  }
  return lines.join('\n');
}

/**
 * escapeGlob escapes the characters VS Code's glob matcher treats specially
 * by putting each in a one-character class ("]" outside a class is literal).
 */
export function escapeGlob(s: string): string {
  return s.replace(/[[{}*?]/g, (c) => `[${c}]`);
}

/** What to show for the result of the server's pgext-ls.showIndex command. */
export interface IndexView {
  language: 'json' | 'markdown';
  content: string;
}

/** indexView renders a showIndex result: strings stay as they are (JSON when they parse as such), objects become indented JSON. */
export function indexView(result: unknown): IndexView {
  if (typeof result === 'string') {
    const t = result.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return { language: 'json', content: JSON.stringify(JSON.parse(t), null, 2) };
      } catch {
        // not JSON after all: show as markdown
      }
    }
    return { language: 'markdown', content: result };
  }
  if (result === null || result === undefined) {
    return { language: 'markdown', content: '_pgext-ls returned no index for this file._' };
  }
  return { language: 'json', content: JSON.stringify(result, null, 2) };
}
