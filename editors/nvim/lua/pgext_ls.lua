-- pgext_ls: Neovim client configuration for pgext-ls, the language server
-- for PostgreSQL C extensions.
--
--   require('pgext_ls').setup({
--     cmd = { 'pgext-ls' },                  -- default
--     init_options = { pgVersions = { 14, 15, 16, 17, 18 } },
--   })
--
-- Works on Neovim 0.7 (vim.lsp.start_client), 0.8-0.10 (vim.lsp.start) and
-- 0.11+ (vim.lsp.config / vim.lsp.enable). The server runs for c, sql and
-- pgext-control buffers whose directory or a parent holds a *.control file
-- (or, failing that, a Makefile); other C and SQL files are left to other
-- servers.

local M = {}

--- Filetypes the server handles (pgext-control is set for *.control files).
M.filetypes = { 'c', 'sql', 'pgext-control' }

local uv = vim.loop or vim.uv

local function dirname(p)
  return vim.fn.fnamemodify(p, ':h')
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
--- holds a Makefile, else nil.
function M.root_dir(fname)
  if fname == nil or fname == '' then
    return nil
  end
  local dir = dirname(vim.fn.fnamemodify(fname, ':p'))
  local makefile_dir
  while true do
    local control, makefile = has_control(dir)
    if control then
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

local function config(opts)
  opts = opts or {}
  local init = opts.init_options or {}
  return {
    name = 'pgext-ls',
    cmd = opts.cmd or { 'pgext-ls' },
    filetypes = M.filetypes,
    init_options = init,
    -- answered for workspace/configuration requests of section "pgext-ls"
    settings = { ['pgext-ls'] = init },
    on_attach = opts.on_attach,
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
--- severity), on_attach, capabilities, on_exit.
function M.setup(opts)
  detect_control()
  local cfg = config(opts)
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
