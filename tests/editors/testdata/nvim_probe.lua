-- Headless Neovim probe: loads editors/nvim (the configuration we ship),
-- opens PROBE_FILE so filetype detection and root detection start pgext-ls,
-- and prints ONE JSON object with what the editor received. The Go test
-- (nvim_test.go) judges it.
-- Env: PGEXT_LS_NVIM (editors/nvim), LSP_CMD, PROBE_FILE, PROBE_TIMEOUT_MS,
--      DIAG_MATCH (text a diagnostic must contain), HOVER_POS, DEF_POS ("line:col", 0-based).
local out = { nvim = string.format('%d.%d.%d', vim.version().major, vim.version().minor, vim.version().patch) }
local timeout = tonumber(os.getenv('PROBE_TIMEOUT_MS') or '20000')

local function finish()
  io.stdout:write(vim.fn.json_encode(out) .. '\n')
  io.stdout:flush()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv('PGEXT_LS_NVIM'))
  require('pgext_ls').setup({
    cmd = vim.split(os.getenv('LSP_CMD'), ' ', { trimempty = true }),
    init_options = vim.fn.json_decode(os.getenv('PGEXT_LS_INIT') or '{}'),
    on_exit = function(code, signal)
      out.server_exit = { code = code, signal = signal }
    end,
  })
  vim.cmd('filetype on')
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('PROBE_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  out.filetype = vim.bo[bufnr].filetype

  local function clients()
    if vim.lsp.get_clients then
      return vim.lsp.get_clients({ bufnr = bufnr })
    end
    return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  local client
  vim.wait(timeout, function()
    client = clients()[1]
    return client ~= nil and client.initialized == true
  end, 20)
  if not client then
    error('pgext-ls never attached to ' .. os.getenv('PROBE_FILE'))
  end
  out.client_name = client.name
  out.root = client.config.root_dir
  out.initialized = client.initialized == true

  local want = os.getenv('DIAG_MATCH') or ''
  local function diags()
    local list = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      local sev = ({ 'error', 'warning', 'info', 'hint' })[d.severity] or ''
      table.insert(list, { line = d.lnum, col = d.col, message = d.message, code = code and tostring(code) or '', severity = sev })
    end
    return list
  end
  vim.wait(timeout, function()
    for _, d in ipairs(diags()) do
      if d.message:find(want, 1, true) or d.code:find(want, 1, true) then
        return true
      end
    end
    return false
  end, 20)
  out.diagnostics = diags()

  local function req(method, envname)
    -- 0.7 never answers a request no attached server supports: say so now
    if not client.supports_method(method) then
      return { error = 'the server does not advertise ' .. method }
    end
    local l, c = (os.getenv(envname) or '0:0'):match('(%d+):(%d+)')
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      position = { line = tonumber(l), character = tonumber(c) },
    }
    local resp, rerr = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
    if not resp then
      return { error = tostring(rerr) }
    end
    local r = resp[client.id]
    if not r then
      return { error = 'no response' }
    end
    if r.err then
      return { error = r.err.message }
    end
    return { result = r.result == nil and vim.NIL or r.result }
  end
  out.hover = req('textDocument/hover', 'HOVER_POS')
  out.definition = req('textDocument/definition', 'DEF_POS')

  vim.lsp.stop_client(client.id)
  vim.wait(timeout, function() return out.server_exit ~= nil end, 20)
end)
if not ok then
  out.error = tostring(err)
end
finish()
