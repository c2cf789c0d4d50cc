"""``doclint lsp``: the language server (pygls over stdio).

Flow: the client's buffers are kept in a ``DocumentStore``; on open and save a document is checked at once, on
change after a pause in typing (``Debouncer``); checks run one at a time on a worker thread (so the server keeps
reading messages, and a newer edit cancels a check still waiting) through ``BufferChecker``, the one adapter to
the engine; a result is published only if the document has not changed since (latest version only), and kept
for code actions and hover, which re-check first when the buffer changed after it.

Client options (``initializationOptions``): ``debounce`` (milliseconds to wait after an edit, default 250) and
``ruleDocsUrl`` (a template for the documentation link of the built-in rules, with ``{code}``, ``{name}`` and
``{anchor}``; by default docs/rules.md in a source checkout, else the rule's YAML file).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path

from doclint import __version__
from doclint.lsp.actions import FIX_ALL_KIND, code_actions
from doclint.lsp.checking import BufferChecker, CheckResult, is_checked, is_configuration
from doclint.lsp.debounce import Debouncer
from doclint.lsp.diagnostics import to_diagnostics
from doclint.lsp.documents import DocumentStore, OpenDocument
from doclint.lsp.hover import hover
from doclint.lsp.positions import ENCODINGS, UTF16, BufferLines, LspPosition

DEFAULT_DEBOUNCE_MS = 250
WATCHED_GLOBS = ("**/.doclint.yaml", "**/pyproject.toml", "**/*.yaml", "**/*.yml")
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Checked:
    """One check of one version of a document, with what the client was sent."""

    version: int
    lines: BufferLines
    result: CheckResult
    diagnostics: tuple[types.Diagnostic, ...]  # one per problem, then one per finding

    @property
    def finding_diagnostics(self) -> tuple[types.Diagnostic, ...]:
        """The findings' diagnostics, in the order of ``result.findings``."""
        return self.diagnostics[len(self.result.problems):]


class DoclintProtocol(LanguageServerProtocol):
    """pygls's protocol without its own copy of the documents (see ``doclint.lsp.documents``): the
    synchronisation notifications go straight to the server's handlers."""

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):  # type: ignore[no-untyped-def]  # pygls feature handlers; their return types are the protocol's, checked by pygls
        yield self.fm.features[types.TEXT_DOCUMENT_DID_OPEN], (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):  # type: ignore[no-untyped-def]  # pygls feature handlers; their return types are the protocol's, checked by pygls
        yield self.fm.features[types.TEXT_DOCUMENT_DID_CHANGE], (params,), None

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):  # type: ignore[no-untyped-def]  # pygls feature handlers; their return types are the protocol's, checked by pygls
        yield self.fm.features[types.TEXT_DOCUMENT_DID_CLOSE], (params,), None


class DoclintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("doclint", __version__, protocol_cls=DoclintProtocol,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.documents = DocumentStore()
        self.checked: dict[str, Checked] = {}
        self.debouncer = Debouncer(DEFAULT_DEBOUNCE_MS / 1000)
        self.encoding = UTF16
        self.rule_docs_url: str | None = None
        self.root = Path.cwd()
        self.checker: BufferChecker | None = None
        self.checking = ThreadPoolExecutor(max_workers=1, thread_name_prefix="doclint-check")

    # -- configuration -------------------------------------------------------------------------------------------

    def configure(self, params: types.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        debounce = options.get("debounce")
        if isinstance(debounce, (int, float)) and not isinstance(debounce, bool) and debounce >= 0:
            self.debouncer.delay = debounce / 1000
        url = options.get("ruleDocsUrl")
        self.rule_docs_url = url if isinstance(url, str) and url else None
        root = _root_path(params)
        if root is not None:
            self.root = root
        encoding = self.workspace.position_encoding
        value = getattr(encoding, "value", encoding)
        self.encoding = value if value in ENCODINGS else UTF16
        self.checker = BufferChecker(self.root)

    # -- checking ------------------------------------------------------------------------------------------------

    def _check_now(self, document: OpenDocument, version: int, text: str) -> Checked:
        """Runs on the checking thread: the check and its diagnostics, for one snapshot of a document."""
        assert self.checker is not None
        result = self.checker.check(text, document.path, document.language)
        lines = BufferLines(text, self.encoding)
        display = self.checker.display(document.path)
        diagnostics = to_diagnostics(result, lines, document.uri, display, self.root, self.rule_docs_url)
        return Checked(version, lines, result, tuple(diagnostics))

    async def current(self, uri: str) -> Checked | None:
        """The check of the document's current version: the one published, or a new one."""
        document = self.documents.get(uri)
        if document is None or not is_checked(document.path, document.language):
            return None
        checked = self.checked.get(uri)
        if checked is not None and checked.version == document.version and checked.lines.text == document.text:
            return checked
        return await self.run_check(document)

    async def run_check(self, document: OpenDocument) -> Checked:
        version, text = document.version, document.text
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.checking, self._check_now, document, version, text)

    async def check_and_publish(self, uri: str) -> None:
        document = self.documents.get(uri)
        if document is None or not is_checked(document.path, document.language):
            return
        try:
            checked = await self.run_check(document)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - a bug in one check must not stop the server
            logger.exception("doclint: checking %s failed", uri)
            self.log(types.MessageType.Error, f"doclint: checking {uri} failed: {error!r}")
            return
        latest = self.documents.get(uri)
        if latest is not document or latest.version != checked.version or latest.text != checked.lines.text:
            return  # the document changed (or closed) while it was checked: a newer check is on its way
        self.checked[uri] = checked
        for problem in checked.result.problems:
            self.log(types.MessageType.Warning, f"doclint: {document.path or uri}: {problem.message}")
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, diagnostics=list(checked.diagnostics), version=checked.version))

    def schedule(self, uri: str, delay: float | None = None) -> None:
        self.debouncer.schedule(uri, lambda: self.check_and_publish(uri), delay)

    def recheck_all(self) -> None:
        for uri in list(self.documents.documents):
            self.schedule(uri, 0)

    def log(self, kind: types.MessageType, message: str) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=message))


def _root_path(params: types.InitializeParams) -> Path | None:
    folders = params.workspace_folders or []
    uri = folders[0].uri if folders else params.root_uri
    if uri:
        path = to_fs_path(uri)
        return Path(path) if path else None
    return Path(params.root_path) if params.root_path else None


def _document_path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    path = to_fs_path(uri)
    return Path(path) if path else None


def create_server() -> DoclintServer:
    server = DoclintServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: DoclintServer, params: types.InitializeParams) -> None:
        ls.configure(params)

    @server.feature(types.INITIALIZED)
    async def initialized(ls: DoclintServer, params: types.InitializedParams) -> None:
        capabilities = ls.client_capabilities.workspace
        watched = capabilities.did_change_watched_files if capabilities else None
        if watched is not None and watched.dynamic_registration:
            options = types.DidChangeWatchedFilesRegistrationOptions(
                watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED_GLOBS])
            registration = types.Registration(id="doclint-configuration",
                                              method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                              register_options=options)
            try:
                await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
            except Exception as error:  # noqa: BLE001 - the modification-time check still notices changes
                logger.warning("doclint: could not watch configuration files: %r", error)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DoclintServer, params: types.DidOpenTextDocumentParams) -> None:
        item = params.text_document
        ls.documents.open(item.uri, _document_path(item.uri), item.language_id, item.version, item.text)
        ls.schedule(item.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DoclintServer, params: types.DidChangeTextDocumentParams) -> None:
        document = ls.documents.get(params.text_document.uri)
        if document is None:
            return
        for change in params.content_changes:
            if isinstance(change, types.TextDocumentContentChangePartial):
                start, end = change.range.start, change.range.end
                document.replace(LspPosition(start.line, start.character), LspPosition(end.line, end.character),
                                 change.text, ls.encoding)
            else:
                document.set_text(change.text)
        document.version = params.text_document.version
        ls.schedule(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE, types.TextDocumentSaveRegistrationOptions(include_text=False))
    def did_save(ls: DoclintServer, params: types.DidSaveTextDocumentParams) -> None:
        path = _document_path(params.text_document.uri)
        if path is not None and is_configuration(path) and ls.checker is not None:
            ls.checking.submit(ls.checker.reload)
            ls.recheck_all()
            return
        document = ls.documents.get(params.text_document.uri)
        checked = ls.checked.get(params.text_document.uri)
        if document is not None and (checked is None or checked.version != document.version):
            ls.schedule(document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DoclintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.debouncer.cancel(uri)
        ls.documents.close(uri)
        ls.checked.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched_files(ls: DoclintServer, params: types.DidChangeWatchedFilesParams) -> None:
        changed = [_document_path(change.uri) for change in params.changes]
        if ls.checker is not None and any(path is not None and is_configuration(path) for path in changed):
            ls.checking.submit(ls.checker.reload)
            ls.recheck_all()

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    async def code_action(ls: DoclintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        uri = params.text_document.uri
        checked = await ls.current(uri)
        document = ls.documents.get(uri)
        if checked is None or document is None or ls.checker is None:
            return None
        checker = ls.checker
        path, language = document.path, document.language

        def fixed_text() -> str:
            return checker.fix_all(checked.lines.text, path, language)

        only: Sequence[str] | None = params.context.only
        loop = asyncio.get_running_loop()
        # Building the actions may run the fix passes (the engine): on the checking thread, like every check.
        return await loop.run_in_executor(ls.checking, lambda: code_actions(
            checked.result, checked.lines, uri, params.range, only, checked.finding_diagnostics, fixed_text,
            params.context.diagnostics)) or None

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def on_hover(ls: DoclintServer, params: types.HoverParams) -> types.Hover | None:
        checked = await ls.current(params.text_document.uri)
        if checked is None:
            return None
        return hover(checked.result, checked.lines, params.position, ls.rule_docs_url)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: DoclintServer, params: Any) -> None:
        ls.debouncer.cancel_all()
        ls.checking.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> None:
    """Run the server on standard input and output until the client says ``exit``."""
    logging.basicConfig(level=logging.WARNING, format="doclint lsp: %(levelname)s: %(message)s")
    create_server().start_io()
