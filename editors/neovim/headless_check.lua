-- A headless run of doclint's language server in Neovim: open a file, print its diagnostics, the code actions
-- and the hover on the first one, then apply "fix all" and print the result. For the record in docs/editors.md:
--
--   nvim --headless --clean -u editors/neovim/headless_check.lua FILE
--
-- (--clean: no user configuration; `doclint` must be on PATH.)
local out = function(text) io.stdout:write(text .. '\n') end
local file = vim.fn.argv(0)

vim.lsp.config('doclint', {
  cmd = { 'doclint', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { '.doclint.yaml', 'pyproject.toml', '.git' },
  init_options = { debounce = 250 },
})
vim.lsp.enable('doclint')

local function main()
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local client = vim.lsp.get_clients({ name = 'doclint' })[1]
if not ok or client == nil then
  out('no diagnostics (server started: ' .. tostring(client ~= nil) .. ')')
  vim.cmd('cquit 1')
end
out(string.format('nvim %s; server %s %s; position encoding %s', tostring(vim.version()),
  client.server_info and client.server_info.name or '?', client.server_info and client.server_info.version or '?',
  client.offset_encoding))

local severities = { 'error', 'warning', 'info', 'hint' }
local diagnostics = vim.diagnostic.get(0)
table.sort(diagnostics, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
for _, d in ipairs(diagnostics) do
  -- Neovim stores byte columns (0-based); printed 1-based, as doclint check prints characters.
  out(string.format('%s:%d:%d-%d:%d: %s %s %s', file, d.lnum + 1, d.col + 1, d.end_lnum + 1, d.end_col + 1,
    severities[d.severity], d.code, d.message))
end

-- The code actions at the start of the first finding's line, as vim.lsp.buf.code_action() asks for them (the
-- cursor's position, and the line's diagnostics as context).
local first = diagnostics[1]
vim.api.nvim_win_set_cursor(0, { first.lnum + 1, 0 })
local params = vim.lsp.util.make_range_params(0, client.offset_encoding)
local raw = vim.lsp.util.make_position_params(0, client.offset_encoding)
params.context = { diagnostics = vim.tbl_map(function(d) return d.user_data.lsp end,
  vim.diagnostic.get(0, { lnum = first.lnum })) }
local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
for _, response in pairs(actions or {}) do
  for _, action in ipairs(response.result or {}) do
    local edits = {}
    for _, changes in pairs(action.edit and action.edit.changes or {}) do
      for _, edit in ipairs(changes) do
        table.insert(edits, string.format("%d:%d-%d:%d \"%s\"", edit.range.start.line, edit.range.start.character,
          edit.range['end'].line, edit.range['end'].character, (edit.newText:gsub('\n', '\\n'))))
      end
    end
    out('code action: ' .. action.title .. ' [' .. (action.kind or '') .. '] ' .. table.concat(edits, '; '))
  end
end

raw.position = { line = first.lnum, character = first.col }
local hovers = vim.lsp.buf_request_sync(0, 'textDocument/hover', raw, 10000)
for _, response in pairs(hovers or {}) do
  if response.result then
    local text = response.result.contents.value
    out('hover: ' .. text:gsub('\n.*', ''))
  end
end

params.context = { diagnostics = {}, only = { 'source.fixAll' } }
local fix_all = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
for _, response in pairs(fix_all or {}) do
  for _, action in ipairs(response.result or {}) do
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    out('applied: ' .. action.title)
  end
end
vim.wait(3000, function() return false end, 50)  -- the debounced check of the fixed buffer
for _, d in ipairs(vim.diagnostic.get(0)) do
  out(string.format('after fix-all: %s:%d:%d: %s %s', file, d.lnum + 1, d.col + 1, d.code, d.message))
end
vim.cmd('qall!')
end

-- After start-up, when the file on the command line is loaded and its filetype known.
vim.api.nvim_create_autocmd('VimEnter', { callback = main })
