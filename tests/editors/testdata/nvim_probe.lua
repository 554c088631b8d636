-- Headless Neovim probe: loads editors/nvim (the configuration we ship),
-- opens PROBE_FILE so filetype detection and root detection start pgext-ls,
-- and prints ONE JSON object with what the editor received. The Go test
-- (nvim_test.go) judges it.
-- Env: PGEXT_LS_NVIM (editors/nvim), LSP_CMD, PROBE_FILE, PROBE_TIMEOUT_MS,
--      DIAG_MATCH (text a diagnostic must contain), HOVER_POS, DEF_POS ("line:col", 0-based),
--      PGEXT_LS_NVIM_OPTS (JSON merged into setup's options: keymaps, omnifunc),
--      PROBE_KEYS=1: after the requests, press K and gd on HOVER_POS / DEF_POS as
--      a user does, then in the buffer gd opened append COMPLETE_LINE and press
--      A<C-x><C-o> (omnifunc completion); these run from the main loop, as typed keys.
local out = { nvim = string.format('%d.%d.%d', vim.version().major, vim.version().minor, vim.version().patch) }
local timeout = tonumber(os.getenv('PROBE_TIMEOUT_MS') or '20000')

local function finish()
  io.stdout:write(vim.fn.json_encode(out) .. '\n')
  io.stdout:flush()
  vim.cmd('qall!')
end

-- buffer_setup reports the options and buffer maps an attach set.
local function buffer_setup(bufnr)
  local maps = {}
  for _, lhs in ipairs({ 'K', 'gd', 'gr', '<leader>rn', '<leader>ca', '<F2>' }) do
    local m = vim.api.nvim_buf_call(bufnr, function() return vim.fn.maparg(lhs, 'n', false, true) end)
    maps[lhs] = (m.buffer == 1) and (m.desc or '?') or ''
  end
  return { name = vim.api.nvim_buf_get_name(bufnr), omnifunc = vim.bo[bufnr].omnifunc, maps = maps }
end

local function stop(client)
  vim.lsp.stop_client(client.id)
  vim.wait(timeout, function() return out.server_exit ~= nil end, 20)
  finish()
end

-- poll calls cond every 30 ms from the main loop until it returns a value,
-- then calls next with it; on timeout it records the failure and stops.
local function poll(what, client, cond, next)
  local deadline = vim.loop.now() + timeout
  local function tick()
    local okc, v = pcall(cond)
    if okc and v then
      return next(v)
    end
    if not okc then
      out.error = what .. ': ' .. tostring(v)
      return stop(client)
    end
    if vim.loop.now() > deadline then
      out.error = 'timed out waiting for ' .. what
      return stop(client)
    end
    vim.defer_fn(tick, 30)
  end
  vim.defer_fn(tick, 30)
end

local function cursor_at(envname)
  local l, c = (os.getenv(envname) or '0:0'):match('(%d+):(%d+)')
  vim.api.nvim_win_set_cursor(0, { tonumber(l) + 1, tonumber(c) })
end

local function press(keys, remap)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(keys, true, false, true), remap and 'm' or 'n', false)
end

-- keys presses K, then gd, then omnifunc completion, recording what each
-- showed: the hover float's text, where gd went, the completion items.
local function keys(client, bufnr)
  cursor_at('HOVER_POS')
  press('K', true)
  poll('the hover window K opens', client, function()
    for _, w in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(w).relative ~= '' then
        return w
      end
    end
  end, function(w)
    out.k_hover = table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(w), 0, -1, false), '\n')
    vim.api.nvim_win_close(w, true)
    cursor_at('DEF_POS')
    press('gd', true)
    poll('gd to leave ' .. os.getenv('PROBE_FILE'), client, function()
      return vim.api.nvim_get_current_buf() ~= bufnr and vim.api.nvim_get_current_buf()
    end, function(target)
      out.gd = { file = vim.api.nvim_buf_get_name(target), line = vim.api.nvim_win_get_cursor(0)[1] - 1 }
      poll('pgext-ls to attach to ' .. out.gd.file, client, function()
        return #require('pgext_ls').clients(target) > 0 and vim.bo[target].omnifunc ~= ''
      end, function()
        out.target = buffer_setup(target)
        vim.api.nvim_buf_set_lines(target, -1, -1, false, { os.getenv('COMPLETE_LINE') })
        vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(target), 0 })
        press('A<C-x><C-o>', false)
        poll('omnifunc completion items', client, function()
          local info = vim.fn.complete_info({ 'items', 'pum_visible' })
          return #info.items > 0 and info
        end, function(info)
          out.completion = {}
          for _, item in ipairs(info.items) do
            table.insert(out.completion, item.word)
          end
          out.completion_mode = vim.fn.mode()
          press('<C-e><Esc>', false)
          vim.schedule(function() stop(client) end)
        end)
      end)
    end)
  end)
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv('PGEXT_LS_NVIM'))
  local opts = {
    cmd = vim.split(os.getenv('LSP_CMD'), ' ', { trimempty = true }),
    init_options = vim.fn.json_decode(os.getenv('PGEXT_LS_INIT') or '{}'),
    on_exit = function(code, signal)
      out.server_exit = { code = code, signal = signal }
    end,
  }
  if os.getenv('PGEXT_LS_NVIM_OPTS') then
    opts = vim.tbl_extend('force', opts, vim.fn.json_decode(os.getenv('PGEXT_LS_NVIM_OPTS')))
  end
  require('pgext_ls').setup(opts)
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

  out.buffer = buffer_setup(bufnr)
  -- what a user sees from the commands the plugin adds
  out.info = vim.api.nvim_exec('PgextLsInfo', true)
  vim.cmd('checkhealth pgext_ls')
  out.health = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  vim.cmd('tabclose')
  vim.api.nvim_set_current_buf(bufnr)

  if os.getenv('PROBE_KEYS') == '1' then
    keys(client, bufnr)
  else
    stop(client)
  end
end)
if not ok then
  out.error = tostring(err)
  finish()
end
