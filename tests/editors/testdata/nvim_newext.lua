-- Headless Neovim probe of a new extension's first minutes: loads
-- editors/nvim and runs PROBE_STEPS (JSON) in PROBE_DIR, an empty folder,
-- as a user would, then prints ONE JSON object with what each step saw.
-- The Go test (TestNeovimNewExtension) judges it. Steps:
--   {"type": FILE, "text": TEXT}  :edit FILE (new), type TEXT into it, wait
--                                 until pgext-ls is attached
--   {"act": TITLE, "file": FILE, "at": NEEDLE}
--                                 cursor on the first NEEDLE of FILE,
--                                 vim.lsp.buf.code_action(), pick TITLE in
--                                 vim.ui.select: Neovim applies the edit
--   {"write": true}               :wall
--   {"await": FILE, "code": CODE} wait until FILE has a CODE diagnostic
--   {"settle": [FILE, ...]}       wait until the diagnostics of the FILEs
--                                 are gone (or the timeout), record them
-- Each step's record: language (of a typed file), offered (the titles vim.ui.select was given),
-- diagnostics (FILE -> codes); and at the end files (name -> content on
-- disk) and status (require('pgext_ls').status()).
-- Env: PGEXT_LS_NVIM, LSP_CMD, PROBE_DIR, PROBE_TIMEOUT_MS, PROBE_STEPS.
local out = { nvim = string.format('%d.%d.%d', vim.version().major, vim.version().minor, vim.version().patch), steps = {} }
local timeout = tonumber(os.getenv('PROBE_TIMEOUT_MS') or '20000')
local dir = os.getenv('PROBE_DIR')

local function path(file)
  return dir .. '/' .. file
end

-- codes lists the diagnostic codes of the buffer of file.
local function codes(file)
  local list = {}
  local b = vim.fn.bufnr(path(file))
  if b < 0 then
    return list
  end
  for _, d in ipairs(vim.diagnostic.get(b)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(list, tostring(d.code or lsp.code or ''))
  end
  return list
end

local function attached(b)
  return #require('pgext_ls').clients(b) > 0
end

local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(os.getenv('PGEXT_LS_NVIM'))
  local pgext_ls = require('pgext_ls')
  pgext_ls.setup({
    cmd = vim.split(os.getenv('LSP_CMD'), ' ', { trimempty = true }),
    on_exit = function(code, signal)
      out.server_exit = { code = code, signal = signal }
    end,
  })
  vim.cmd('filetype on')
  for i, step in ipairs(vim.fn.json_decode(os.getenv('PROBE_STEPS'))) do
    local rec = vim.empty_dict()
    out.steps[i] = rec
    if step.type then
      vim.cmd('edit ' .. vim.fn.fnameescape(path(step.type)))
      local b = vim.api.nvim_get_current_buf()
      vim.api.nvim_buf_set_lines(b, 0, -1, false, vim.split(step.text, '\n', { trimempty = true }))
      if not vim.wait(timeout, function() return attached(b) end, 20) then
        error('pgext-ls never attached to the new ' .. step.type)
      end
      rec.language = vim.bo[b].filetype
    elseif step.act then
      vim.cmd('buffer ' .. vim.fn.bufnr(path(step.file)))
      local b = vim.api.nvim_get_current_buf()
      local lines = vim.api.nvim_buf_get_lines(b, 0, -1, false)
      for l, text in ipairs(lines) do
        local c = text:find(step.at, 1, true)
        if c then
          vim.api.nvim_win_set_cursor(0, { l, c - 1 })
          break
        end
      end
      local chosen = false
      vim.ui.select = function(items, opts, on_choice)
        rec.offered = {}
        for _, item in ipairs(items) do
          table.insert(rec.offered, opts.format_item and opts.format_item(item) or tostring(item))
        end
        for n, t in ipairs(rec.offered) do
          if t == step.act then
            on_choice(items[n], n)
            chosen = true
            return
          end
        end
        on_choice(nil, nil)
        chosen = true
      end
      vim.lsp.buf.code_action()
      if not vim.wait(timeout, function() return chosen end, 20) then
        rec.offered = vim.NIL -- no action at all: 0.7 then only echoes a message
      end
    elseif step.write then
      vim.cmd('silent wall')
    elseif step.await then
      rec.seen = vim.wait(timeout, function() return vim.tbl_contains(codes(step.await), step.code) end, 20)
    elseif step.settle then
      vim.wait(timeout, function()
        for _, file in ipairs(step.settle) do
          if #codes(file) > 0 then
            return false
          end
        end
        return true
      end, 20)
      rec.diagnostics = vim.empty_dict()
      for _, file in ipairs(step.settle) do
        rec.diagnostics[file] = codes(file)
      end
    end
  end

  out.files = {}
  for _, name in ipairs(vim.fn.readdir(dir)) do
    out.files[name] = table.concat(vim.fn.readfile(path(name)), '\n') .. '\n'
  end
  out.status = {}
  for _, e in ipairs(pgext_ls.status()) do
    table.insert(out.status, e[1] .. ': ' .. e[2])
  end
  for _, client in ipairs(pgext_ls.clients()) do
    vim.lsp.stop_client(client.id)
  end
  vim.wait(timeout, function() return out.server_exit ~= nil end, 20)
end)
if not ok then
  out.error = tostring(err)
end
io.stdout:write(vim.fn.json_encode(out) .. '\n')
io.stdout:flush()
vim.cmd('qall!')
