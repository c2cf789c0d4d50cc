"""A real LSP client (pytest-lsp) talking to ``doclint lsp`` over stdio, in a temporary workspace.

A module of its own (not a conftest.py): the suite imports ``conftest`` by name, and a second one would shadow it.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("pygls")
pytest_lsp = pytest.importorskip("pytest_lsp")

from lsprotocol import types  # noqa: E402
from pygls.protocol import default_converter  # noqa: E402
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features  # noqa: E402

PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
TIMEOUT = 20  # seconds for one answer; generous for a loaded 2-core CI machine (a failure, never a measurement)


@dataclass
class Session:
    """A started server, its client and the workspace folder."""

    client: pytest_lsp.LanguageClient
    root: Path
    result: types.InitializeResult
    published: list[types.PublishDiagnosticsParams]
    registrations: list[types.RegistrationParams]

    def uri(self, name: str) -> str:
        return (self.root / name).as_uri()

    def open(self, name: str, text: str, language: str = "markdown", version: int = 1) -> str:
        uri = self.uri(name)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
        return uri

    def change(self, uri: str, version: int, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=text)
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version), [change]))

    async def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics published for ``uri`` (for ``version``, when given), waiting for them."""
        async def wait() -> list[types.Diagnostic]:
            while True:
                for params in self.published:
                    if params.uri == uri and (version is None or params.version == version):
                        self.published.remove(params)
                        return list(params.diagnostics)
                await asyncio.sleep(0.01)

        return await asyncio.wait_for(wait(), TIMEOUT)

    async def request(self, coroutine):  # type: ignore[no-untyped-def]
        return await asyncio.wait_for(coroutine, TIMEOUT)


async def start(root: Path, encodings: Sequence[str] | None = None, watched_files: bool = False) -> Session:
    published: list[types.PublishDiagnosticsParams] = []
    registrations: list[types.RegistrationParams] = []

    def on_publish(client: pytest_lsp.LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        published.append(params)

    def on_register(client: pytest_lsp.LanguageClient, params: types.RegistrationParams) -> None:
        registrations.append(params)

    client = pytest_lsp.LanguageClient(converter_factory=default_converter)
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: on_publish,
                                   types.CLIENT_REGISTER_CAPABILITY: on_register})

    await client.start_io(sys.executable, "-m", "doclint", "lsp", cwd=str(root))
    capabilities = types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=list(encodings)) if encodings else None,
        workspace=types.WorkspaceClientCapabilities(did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
            dynamic_registration=True)) if watched_files else None,
    )
    result = await asyncio.wait_for(client.initialize_session(types.InitializeParams(
        capabilities=capabilities, root_uri=root.as_uri(),
        initialization_options={"debounce": 300})), TIMEOUT)
    return Session(client, root, result, published, registrations)


async def stop(session: Session) -> None:
    await asyncio.wait_for(session.client.shutdown_session(), TIMEOUT)
    await session.client.stop()


def apply_edits(text: str, edits: Sequence[types.TextEdit]) -> str:
    """What a client does with a code action's edits (UTF-16 positions, as negotiated by default)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(position: types.Position) -> int:
        line = lines[position.line]
        units, index = 0, 0
        while index < len(line) and units < position.character:
            units += 2 if ord(line[index]) > 0xFFFF else 1
            index += 1
        return starts[position.line] + index

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end):]
    return text
