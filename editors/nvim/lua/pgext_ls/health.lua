-- :checkhealth pgext_ls — whether the server is found and attached, and
-- what it indexed (the report of require('pgext_ls').status()).
-- Neovim 0.7 has require('health').report_*, 0.8-0.9 vim.health.report_*,
-- 0.10+ vim.health.start/ok/warn/error/info.
local M = {}

function M.check()
  local health = vim.health or require('health')
  local report = {
    start = health.start or health.report_start,
    ok = health.ok or health.report_ok,
    warn = health.warn or health.report_warn,
    error = health.error or health.report_error,
    info = health.info or health.report_info,
  }
  report.start('pgext-ls')
  for _, e in ipairs(require('pgext_ls').status()) do
    report[e[1]](e[2])
  end
end

return M
