// Unit tests of the extension's own logic (no VS Code needed): node --test.

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  INSTALL_COMMAND,
  ServerStatus,
  cSourceMark,
  documentSelector,
  escapeGlob,
  findExtensionRoot,
  indexView,
  isExtensionRoot,
  makefileMark,
  resolveServer,
  serverLogLine,
  serverSettings,
  statusTooltip,
} from '../src/config';

const home = '/home/u';

function env(files: string[], over: Partial<Parameters<typeof resolveServer>[0]> = {}) {
  const set = new Set(files);
  return {
    configuredPath: '',
    env: { PATH: '/usr/local/bin:/usr/bin', GOPATH: '/gp1:/gp2' },
    platform: 'linux',
    homedir: home,
    isExecutable: (p: string) => set.has(p),
    ...over,
  };
}

test('resolveServer: the setting wins over everything else', () => {
  const r = resolveServer(env(['/opt/pgext-ls', '/usr/bin/pgext-ls', '/ext/bin/pgext-ls'], {
    configuredPath: '/opt/pgext-ls',
    bundledPath: '/ext/bin/pgext-ls',
  }));
  assert.deepEqual(r, { ok: true, path: '/opt/pgext-ls', source: 'setting' });
});

test('resolveServer: a setting pointing nowhere is an error, not a silent fallback', () => {
  const r = resolveServer(env(['/usr/bin/pgext-ls'], { configuredPath: '/nope/pgext-ls' }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.match(r.message, /pgext-ls\.server\.path is set to "\/nope\/pgext-ls"/);
    assert.ok(r.message.includes(INSTALL_COMMAND));
  }
});

test('resolveServer: ~ in the setting is the home directory', () => {
  const r = resolveServer(env([`${home}/bin/pgext-ls`], { configuredPath: '~/bin/pgext-ls' }));
  assert.deepEqual(r, { ok: true, path: `${home}/bin/pgext-ls`, source: 'setting' });
});

test('resolveServer: bundled binary, then PATH in order, then GOPATH entries, then ~/go/bin', () => {
  const all = ['/ext/bin/pgext-ls', '/usr/bin/pgext-ls', '/usr/local/bin/pgext-ls', '/gp2/bin/pgext-ls',
    '/gp1/bin/pgext-ls', `${home}/go/bin/pgext-ls`];
  const order: Array<[string, string]> = [
    ['/ext/bin/pgext-ls', 'bundled'],
    ['/usr/local/bin/pgext-ls', 'PATH'],
    ['/usr/bin/pgext-ls', 'PATH'],
    ['/gp1/bin/pgext-ls', 'GOPATH'],
    ['/gp2/bin/pgext-ls', 'GOPATH'],
    [`${home}/go/bin/pgext-ls`, 'home'],
  ];
  let files = all;
  for (const [want, source] of order) {
    const r = resolveServer(env(files, { bundledPath: '/ext/bin/pgext-ls' }));
    assert.deepEqual(r, { ok: true, path: want, source }, `with ${files.join(' ')}`);
    files = files.filter((f) => f !== want);
  }
  assert.equal(files.length, 0);
});

test('resolveServer: missing everywhere tells how to install', () => {
  const r = resolveServer(env([], { bundledPath: '/ext/bin/pgext-ls' }));
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.ok(r.message.includes(INSTALL_COMMAND), r.message);
    assert.deepEqual(r.searched, ['/ext/bin/pgext-ls', '/usr/local/bin/pgext-ls', '/usr/bin/pgext-ls',
      '/gp1/bin/pgext-ls', '/gp2/bin/pgext-ls', `${home}/go/bin/pgext-ls`]);
  }
});

test('resolveServer: Windows uses .exe and ; as the PATH separator', () => {
  const r = resolveServer(env(['C:\\tools/pgext-ls.exe'], {
    platform: 'win32',
    env: { PATH: 'C:\\Windows;C:\\tools' },
  }));
  assert.deepEqual(r, { ok: true, path: path.join('C:\\tools', 'pgext-ls.exe'), source: 'PATH' });
});

test('serverSettings: passes valid settings through', () => {
  assert.deepEqual(serverSettings({
    pgVersions: [17, 14, 15, 14],
    pgConfig: ' /usr/lib/postgresql/16/bin/pg_config ',
    severity: { 'missing-volatility': 'off', 'hook-not-chained': 'Error' },
    ignore: ['vendor/**', ' ', 3],
  }), {
    pgVersions: [14, 15, 17],
    pgConfig: '/usr/lib/postgresql/16/bin/pg_config',
    severity: { 'missing-volatility': 'off', 'hook-not-chained': 'error' },
    ignore: ['vendor/**'],
  });
});

test('serverSettings: defaults and invalid values are left to the server', () => {
  assert.deepEqual(serverSettings({ pgVersions: [], pgConfig: '', severity: {} }), {});
  assert.deepEqual(serverSettings({}), {});
  assert.deepEqual(serverSettings({
    pgVersions: ['16', 15.5, -1, null],
    pgConfig: 42,
    severity: { a: 'fatal', b: 3, '': 'error' },
  }), {});
  assert.deepEqual(serverSettings({ severity: ['error'] }), {});
});

test('isExtensionRoot: needs a real *.control name', () => {
  assert.equal(isExtensionRoot(['Makefile', 'vector.control']), true);
  assert.equal(isExtensionRoot(['Makefile', 'src']), false);
  assert.equal(isExtensionRoot(['.control']), false);
  assert.equal(isExtensionRoot(['x.control.in']), false);
});

test('findExtensionRoot: nearest directory with a control file, Makefile as fallback', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pgext-root-'));
  const ext = path.join(tmp, 'ws', 'myext');
  fs.mkdirSync(path.join(ext, 'src', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(ext, 'myext.control'), "default_version = '1.0'\n");
  fs.writeFileSync(path.join(ext, 'src', 'Makefile'), '');
  const other = path.join(tmp, 'ws', 'plain', 'lib');
  fs.mkdirSync(other, { recursive: true });
  fs.writeFileSync(path.join(tmp, 'ws', 'plain', 'Makefile'), '');
  const list = (d: string) => {
    try {
      return fs.readdirSync(d);
    } catch {
      return [];
    }
  };
  const ws = path.join(tmp, 'ws');
  assert.equal(findExtensionRoot(path.join(ext, 'src', 'deep', 'a.c'), ws, list), ext);
  assert.equal(findExtensionRoot(path.join(ext, 'myext--1.0.sql'), ws, list), ext);
  assert.equal(findExtensionRoot(path.join(other, 'x.c'), ws, list), path.join(ws, 'plain'));
  assert.equal(findExtensionRoot(path.join(ws, 'loose.c'), ws, list), undefined);
  // never climbs above stopAt, even when a parent is an extension root
  fs.writeFileSync(path.join(tmp, 'outer.control'), '');
  assert.equal(findExtensionRoot(path.join(ws, 'loose.c'), ws, list), undefined);
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('documentSelector: every c, sql and control file on disk (single-file service outside extensions)', () => {
  assert.deepEqual(documentSelector(), [
    { scheme: 'file', language: 'c' },
    { scheme: 'file', language: 'sql' },
    { scheme: 'file', language: 'pgext-control' },
  ]);
  assert.equal(escapeGlob('a{b,c}*?'), 'a[{]b,c[}][*][?]');
});

test('makefileMark: the PGXS variables, not any Makefile', () => {
  assert.equal(makefileMark('MODULES = auto_explain\nPGFILEDESC = "x"\n'), 'MODULES');
  assert.equal(makefileMark('MODULE_big := vector\nOBJS = a.o\n'), 'MODULE_big');
  assert.equal(makefileMark('EXTENSION = hstore\n'), 'EXTENSION');
  assert.equal(makefileMark('PGXS := $(shell $(PG_CONFIG) --pgxs)\n'), 'PGXS');
  assert.equal(makefileMark('all:\n\tcc -o hello hello.c\n'), undefined);
  assert.equal(makefileMark('# MODULES = commented\n'), undefined);
});

test('cSourceMark: PG_MODULE_MAGIC, _PG_init or a hook set, not plain C', () => {
  assert.equal(cSourceMark('#include "postgres.h"\nPG_MODULE_MAGIC;\n'), 'PG_MODULE_MAGIC');
  assert.equal(cSourceMark('void\n_PG_init(void)\n{\n}\n'), '_PG_init');
  assert.equal(cSourceMark('\tExecutorStart_hook = my_start;\n'), 'ExecutorStart_hook');
  assert.equal(cSourceMark('if (ExecutorStart_hook == NULL) return;\n'), undefined);
  assert.equal(cSourceMark('int main(void) { return 0; }\n'), undefined);
});

test('serverLogLine: the level of each server stderr line', () => {
  assert.deepEqual(serverLogLine('07:10:23.160 pgext-ls: indexed 1 extension(s)', 'error'), { level: 'info', text: 'indexed 1 extension(s)' });
  assert.deepEqual(serverLogLine('07:10:23.160 pgext-ls: warning: registering file watchers: x', 'info'), { level: 'warning', text: 'registering file watchers: x' });
  assert.deepEqual(serverLogLine('07:10:23.160 pgext-ls: error: panic in textDocument/hover: boom', 'info'), { level: 'error', text: 'panic in textDocument/hover: boom' });
  // a stack trace under the panic keeps its level
  assert.deepEqual(serverLogLine('goroutine 7 [running]:', 'error'), { level: 'error', text: 'goroutine 7 [running]:' });
});

test('statusTooltip: what was indexed, the versions and their source, or what was looked for', () => {
  const st: ServerStatus = {
    state: 'ready', roots: ['/w'], files: 12, libraries: ['auto_explain (/w/auto_explain)'], looseFiles: ['/tmp/x.c'],
    extensions: [{ name: 'demo', dir: '/w/demo', files: 9, versions: 'PostgreSQL 15 (from pg_config: PostgreSQL 15.4)' }],
    versions: "PostgreSQL versions: each extension's own, else pg_config's 15 (/usr/bin/pg_config)",
  };
  const t = statusTooltip('ready', st);
  for (const want of ['pgext-ls: ready', '1 extension(s), 1 library, 12 file(s)', 'demo: 9 file(s), PostgreSQL 15 (from pg_config',
    'library auto_explain', '1 file(s) open outside every folder', '/usr/bin/pg_config']) {
    assert.ok(t.includes(want), `${want} not in ${t}`);
  }
  const none = statusTooltip('ready', { ...st, extensions: [], libraries: [], looseFiles: [], notFound: 'no PostgreSQL extension found under /w: looked for a *.control file' });
  assert.ok(none.includes('looked for a *.control file'), none);
  assert.equal(statusTooltip('idle', undefined), 'pgext-ls: idle');
});

test('indexView: JSON strings and objects become JSON, other text markdown', () => {
  assert.deepEqual(indexView('{"a":1}'), { language: 'json', content: '{\n  "a": 1\n}' });
  assert.deepEqual(indexView({ functions: ['f'] }), { language: 'json', content: '{\n  "functions": [\n    "f"\n  ]\n}' });
  assert.deepEqual(indexView('# Index\n- f'), { language: 'markdown', content: '# Index\n- f' });
  assert.deepEqual(indexView('{not json'), { language: 'markdown', content: '{not json' });
  assert.equal(indexView(null).language, 'markdown');
});
