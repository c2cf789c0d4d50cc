-- doclint's language server in Neovim 0.11+ (vim.lsp.config). Put this in your init.lua, or copy this file to
-- ~/.config/nvim/lsp/doclint.lua without the last line and call vim.lsp.enable('doclint') in init.lua.
-- Needs `doclint` on PATH with the lsp extra: pip install "doclint[lsp]".
vim.lsp.config('doclint', {
  cmd = { 'doclint', 'lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { '.doclint.yaml', 'pyproject.toml', '.git' },
  init_options = { debounce = 250 },
})
vim.lsp.enable('doclint')
