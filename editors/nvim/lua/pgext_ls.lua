-- pgext_ls: Neovim client configuration for pgext-ls, the language server
-- for PostgreSQL C extensions.
--
--   require('pgext_ls').setup({
--     cmd = { 'pgext-ls' },                  -- default
--     init_options = { pgVersions = { 14, 15, 16, 17, 18 } },
--     keymaps = { rename = '<F2>' },         -- or false: set no maps
--     omnifunc = false,                      -- leave 'omnifunc' alone
--   })
--
-- Works on Neovim 0.7 (vim.lsp.start_client), 0.8-0.10 (vim.lsp.start) and
-- 0.11+ (vim.lsp.config / vim.lsp.enable). The server runs for c, sql and
-- pgext-control buffers whose directory or a parent holds a *.control file
-- (or, failing that, a Makefile); other C and SQL files are left to other
-- servers. On attach it sets 'omnifunc' to vim.lsp.omnifunc (<C-x><C-o>)
-- and the buffer maps of M.default_keymaps. :PgextLsInfo and
-- :checkhealth pgext_ls say whether it is attached and what it indexed;
-- :PgextLsIndex shows the server's index for the current file.

local M = {}

--- Filetypes the server handles (pgext-control is set for *.control files).
M.filetypes = { 'c', 'sql', 'pgext-control' }

local uv = vim.uv or vim.loop

local function dirname(p)
  return vim.fn.fnamemodify(p, ':h')
end

-- control_buffers returns the folders of the *.control buffers, saved or
-- not: a control file just typed makes its folder an extension root.
local function control_buffers()
  local dirs = {}
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    local name = vim.api.nvim_buf_get_name(b)
    if name:match('[^/]%.control$') then
      dirs[dirname(vim.fn.fnamemodify(name, ':p'))] = true
    end
  end
  return dirs
end

local function has_control(dir)
  local handle = uv.fs_scandir(dir)
  if not handle then
    return false, false
  end
  local makefile = false
  while true do
    local name, typ = uv.fs_scandir_next(handle)
    if not name then
      break
    end
    if name:match('.%.control$') and typ ~= 'directory' then
      return true, true
    end
    if name == 'Makefile' or name == 'GNUmakefile' then
      makefile = true
    end
  end
  return false, makefile
end

--- root_dir returns the PostgreSQL extension root of a file: the nearest
--- directory up from it that holds a *.control file, else the nearest that
--- holds a Makefile, else nil. A control file is the root of its own
--- folder, on disk or not yet (a new extension's first file).
function M.root_dir(fname)
  if fname == nil or fname == '' then
    return nil
  end
  local dir = dirname(vim.fn.fnamemodify(fname, ':p'))
  if fname:match('[^/]%.control$') then
    return dir
  end
  local typed = control_buffers()
  local makefile_dir
  while true do
    local control, makefile = has_control(dir)
    if control or typed[dir] then
      return dir
    end
    if makefile and not makefile_dir then
      makefile_dir = dir
    end
    local parent = dirname(dir)
    if parent == dir then
      return makefile_dir
    end
    dir = parent
  end
end

--- The buffer maps set when pgext-ls attaches, by action. setup's keymaps
--- option overrides keys (a key set to false is not mapped); keymaps = false
--- sets none.
M.default_keymaps = {
  hover = 'K',
  definition = 'gd',
  references = 'gr',
  rename = '<leader>rn',
  code_action = '<leader>ca',
}

-- what each map does; the functions exist on Neovim 0.7 and later
local map_actions = {
  hover = function() vim.lsp.buf.hover() end,
  definition = function() vim.lsp.buf.definition() end,
  references = function() vim.lsp.buf.references() end,
  rename = function() vim.lsp.buf.rename() end,
  code_action = function() vim.lsp.buf.code_action() end,
}

--- keymaps returns the maps setup's keymaps option asks for: action -> key.
function M.keymaps(option)
  if option == false then
    return {}
  end
  local maps = vim.deepcopy(M.default_keymaps)
  for action, key in pairs(option or {}) do
    if map_actions[action] == nil then
      error(string.format('pgext_ls.setup: keymaps.%s is not one of hover, definition, references, rename, code_action', action))
    end
    maps[action] = key or nil
  end
  return maps
end

-- on_attach returns the on_attach callback: omnifunc and buffer maps
-- (unless opted out), then the user's own.
local function on_attach(opts)
  local maps = M.keymaps(opts.keymaps)
  return function(client, bufnr)
    if opts.omnifunc ~= false then
      vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
    end
    for action, key in pairs(maps) do
      vim.keymap.set('n', key, map_actions[action], { buffer = bufnr, silent = true, desc = 'pgext-ls: ' .. action })
    end
    if opts.on_attach then
      opts.on_attach(client, bufnr)
    end
  end
end

local function config(opts)
  local init = opts.init_options or {}
  return {
    name = 'pgext-ls',
    cmd = opts.cmd or { 'pgext-ls' },
    filetypes = M.filetypes,
    init_options = init,
    -- answered for workspace/configuration requests of section "pgext-ls"
    settings = { ['pgext-ls'] = init },
    on_attach = on_attach(opts),
    capabilities = opts.capabilities,
    on_exit = opts.on_exit,
  }
end

local function detect_control()
  local group = vim.api.nvim_create_augroup('pgext_ls_filetype', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.control',
    command = 'setfiletype pgext-control',
  })
end

--- clients returns the running pgext-ls clients, attached to bufnr when
--- it is given.
function M.clients(bufnr)
  local list
  if vim.lsp.get_clients then -- 0.10+
    list = vim.lsp.get_clients({ bufnr = bufnr })
  elseif bufnr then
    list = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  else
    list = vim.lsp.get_active_clients()
  end
  -- 0.11's vim.lsp.enable may name the client after its config
  return vim.tbl_filter(function(c) return c.name == 'pgext-ls' or c.name == 'pgext_ls' end, list)
end

local function client_buffers(client)
  if client.attached_buffers then
    local bufs = vim.tbl_keys(client.attached_buffers)
    table.sort(bufs)
    return bufs
  end
  return vim.lsp.get_buffers_by_client_id(client.id)
end

-- call calls a method of client: with self from Neovim 0.11 on, where
-- the dot form is deprecated.
local function call(client, method, ...)
  if vim.fn.has('nvim-0.11') == 1 then
    return client[method](client, ...)
  end
  return client[method](...)
end

--- index asks the server what it knows about the extension of bufnr
--- (the pgext-ls.showIndex command): markdown text, or nil and an error.
function M.index(client, bufnr)
  local resp, err = call(client, 'request_sync', 'workspace/executeCommand',
    { command = 'pgext-ls.showIndex', arguments = { vim.uri_from_bufnr(bufnr) } }, 5000, bufnr)
  if not resp then
    return nil, tostring(err)
  end
  if resp.err then
    return nil, resp.err.message
  end
  return resp.result
end

--- status reports what pgext-ls is doing, as a list of { level, text }
--- with level 'ok', 'warn', 'error' or 'info': the server executable, and
--- for each running client its root, the buffers it serves and the
--- extensions and modules the server indexed for them.
function M.status()
  local out = {}
  local function add(level, fmt, ...)
    table.insert(out, { level, string.format(fmt, ...) })
  end
  local cmd = (M.config and M.config.cmd) or { 'pgext-ls' }
  local exe = vim.fn.exepath(cmd[1])
  if exe == '' then
    add('error', '%s is not on PATH; install it: go install github.com/pgext-ls/pgext-ls/cmd/pgext-ls@latest', cmd[1])
  else
    local version = vim.fn.system({ exe, 'version' }):gsub('%s+$', '')
    add('ok', 'server: %s (%s)', exe, version)
  end
  if not M.config then
    add('warn', "require('pgext_ls').setup() was not called")
  end
  local clients = M.clients()
  if #clients == 0 then
    add('info', 'no pgext-ls client is running: open a C, SQL or .control file in a folder with a *.control file (or a Makefile)')
  end
  for _, client in ipairs(clients) do
    local bufs = client_buffers(client)
    local names = {}
    for _, b in ipairs(bufs) do
      table.insert(names, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(b), ':~:.'))
    end
    add(client.initialized and 'ok' or 'warn', 'client %d: root %s, %s, buffers: %s', client.id,
      client.config.root_dir or '?', client.initialized and 'initialized' or 'starting', table.concat(names, ', '))
    if client.initialized and bufs[1] then
      local text, err = M.index(client, bufs[1])
      if not text then
        add('warn', 'index: %s', err)
      else
        local heads = {}
        for line in vim.gsplit(text, '\n') do
          local head = line:match('^# (.+)')
          if head then
            table.insert(heads, (head:gsub('`', '')))
          end
        end
        add('ok', 'indexed for %s: %s (:PgextLsIndex shows all)', names[1],
          #heads > 0 and table.concat(heads, '; ') or vim.trim(text))
      end
    end
  end
  return out
end

-- commands defines :PgextLsInfo (print M.status) and :PgextLsIndex (the
-- server's index of the current file in a scratch buffer).
local function commands()
  vim.api.nvim_create_user_command('PgextLsInfo', function()
    local hl = { ok = 'None', info = 'None', warn = 'WarningMsg', error = 'ErrorMsg' }
    for _, e in ipairs(M.status()) do
      vim.api.nvim_echo({ { 'pgext-ls: ' .. e[2], hl[e[1]] } }, true, {})
    end
  end, { desc = 'pgext-ls: is the server attached, what did it index' })
  vim.api.nvim_create_user_command('PgextLsIndex', function()
    local bufnr = vim.api.nvim_get_current_buf()
    local client = M.clients(bufnr)[1]
    if not client then
      vim.api.nvim_echo({ { 'pgext-ls is not attached to this buffer (:PgextLsInfo)', 'WarningMsg' } }, true, {})
      return
    end
    local text, err = M.index(client, bufnr)
    if not text then
      vim.api.nvim_echo({ { 'pgext-ls: ' .. err, 'ErrorMsg' } }, true, {})
      return
    end
    vim.cmd('new')
    vim.bo.buftype, vim.bo.bufhidden, vim.bo.swapfile = 'nofile', 'wipe', false
    vim.api.nvim_buf_set_lines(0, 0, -1, false, vim.split(text, '\n'))
    vim.bo.filetype = 'markdown'
  end, { desc = "pgext-ls: show the server's index for the current file" })
end

-- report_writes tells the servers about files written under their roots
-- that they have not opened (a Makefile, a script a code action
-- created), through workspace/didChangeWatchedFiles: Neovim before 0.10
-- watches no files for a server, and 0.10+ does not on Linux by default.
local function report_writes()
  local group = vim.api.nvim_create_augroup('pgext_ls_writes', { clear = true })
  vim.api.nvim_create_autocmd('BufWritePre', {
    group = group,
    callback = function(args)
      vim.b[args.buf].pgext_ls_existed = uv.fs_stat(vim.api.nvim_buf_get_name(args.buf)) ~= nil
    end,
  })
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = group,
    callback = function(args)
      local name = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(args.buf), ':p')
      local change = { uri = vim.uri_from_fname(name), type = vim.b[args.buf].pgext_ls_existed and 2 or 1 }
      for _, client in ipairs(M.clients()) do
        local root = client.config.root_dir
        local attached = client.attached_buffers and client.attached_buffers[args.buf]
          or vim.lsp.buf_is_attached(args.buf, client.id)
        if root and name:sub(1, #root + 1) == root .. '/' and not attached then
          call(client, 'notify', 'workspace/didChangeWatchedFiles', { changes = { change } })
        end
      end
    end,
  })
end

-- clients by root for Neovim 0.7, which has no vim.lsp.start to reuse them
local clients_07 = {}

local function attach(cfg, bufnr)
  local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
  if not root then
    return
  end
  local c = vim.tbl_extend('force', cfg, { root_dir = root })
  if vim.lsp.start then -- 0.8 - 0.10
    vim.lsp.start(c, { bufnr = bufnr })
    return
  end
  local id = clients_07[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    c.workspace_folders = { { uri = vim.uri_from_fname(root), name = root } }
    id = vim.lsp.start_client(c)
    clients_07[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- setup registers the .control filetype and starts pgext-ls for matching
--- buffers. opts: cmd (argv list), init_options (pgVersions, pgConfig,
--- severity), keymaps (see M.default_keymaps; false for none), omnifunc
--- (false to leave 'omnifunc' alone), on_attach, capabilities, on_exit.
function M.setup(opts)
  opts = opts or {}
  detect_control()
  commands()
  report_writes()
  local cfg = config(opts)
  M.config = cfg
  if vim.lsp.config and vim.lsp.enable then -- 0.11+
    vim.lsp.config('pgext_ls', vim.tbl_extend('force', cfg, {
      root_dir = function(bufnr, on_dir)
        local root = M.root_dir(vim.api.nvim_buf_get_name(bufnr))
        if root then
          on_dir(root)
        end
      end,
    }))
    vim.lsp.enable('pgext_ls')
    return
  end
  vim.api.nvim_create_autocmd('FileType', {
    group = vim.api.nvim_create_augroup('pgext_ls_start', { clear = true }),
    pattern = M.filetypes,
    callback = function(args)
      attach(cfg, args.buf)
    end,
  })
end

return M
