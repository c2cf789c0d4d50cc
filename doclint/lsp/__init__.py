"""doclint's language server (``doclint lsp``): findings in the editor while people write.

Installed with the ``lsp`` extra (``pip install "doclint[lsp]"``: pygls and lsprotocol). Modules: ``server``
(pygls wiring, debounced checks on a worker thread), ``checking`` (the one adapter to the engine),
``documents`` (the open buffers), ``positions`` (doclint's code-point columns to the protocol's UTF-16, UTF-8
or UTF-32 code units), ``diagnostics``, ``actions`` (fixes and suppression comments), ``hover`` and
``debounce``. The command line imports this package only for ``doclint lsp``, so ``doclint check`` never pays
for loading pygls.
"""

from __future__ import annotations

MISSING_EXTRA = 'doclint lsp needs the language-server extra: pip install "doclint[lsp]"'

