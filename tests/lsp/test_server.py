"""``doclint lsp`` end to end: a real client over stdio, exact ranges, actions, hover, configuration, exit.

One server serves most tests (starting one takes about a second): each test works in its own folder of the
workspace, with its own configuration there, since configuration is resolved per document path. Tests of what
is decided at start-up (the position encoding) or of the end (shutdown) start their own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from pathlib import Path

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from lsp_client import TIMEOUT, Session, apply_edits, start, stop

from lsprotocol import types

pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Session]:
    started = await start(tmp_path_factory.mktemp("workspace"), watched_files=True)
    yield started
    await stop(started)


@pytest.fixture
def session(server: Session, request: pytest.FixtureRequest) -> Session:
    """The shared server, working in a folder of its own."""
    folder = server.root / request.node.name.replace("[", "-").replace("]", "")
    folder.mkdir()
    return dataclasses.replace(server, root=folder)

REPO = Path(__file__).resolve().parents[2]
EMOJI_CLAIM = "# Notes\n\n😀 Critics say the plan is too expensive.\n"
DUPLICATE = ("# Notes\n\nThe city council approved the budget on Thursday after a long debate about road repairs.\n\n"
             "Residents will see higher parking fees.\n\n"
             "The city council approved the budget on Thursday after a long debate about road repairs.\n")
HOUSE_SPELLING = """\
id: HS002
name: house-spelling
check: substitution
level: warning
message: "Write '{replacement}' instead of '{match}'"
description: |
  Reports words the house style spells differently, and offers the house spelling as a fix.
swap:
  utilize: use
ignorecase: true
examples:
  fail: ["We utilize it."]
  pass: ["We use it."]
"""


def span(start: tuple[int, int], end: tuple[int, int]) -> types.Range:
    return types.Range(types.Position(*start), types.Position(*end))


def house_style(root: Path) -> None:
    (root / "styles").mkdir()
    (root / "styles" / "HS002-house-spelling.yaml").write_text(HOUSE_SPELLING, encoding="utf-8")
    (root / ".doclint.yaml").write_text("rules: [styles]\n", encoding="utf-8")


async def actions(session: Session, uri: str, where: types.Range, only: list[str] | None = None,
                  context: list[types.Diagnostic] | None = None) -> list[types.CodeAction]:
    result = await session.request(session.client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=where,
        context=types.CodeActionContext(diagnostics=context or [], only=only))))
    return list(result or [])


async def test_initialize_announces_what_the_server_does(session: Session) -> None:
    capabilities = session.result.capabilities
    assert session.result.server_info is not None and session.result.server_info.name == "doclint"
    assert capabilities.position_encoding == types.PositionEncodingKind.Utf16  # the client offered nothing
    assert capabilities.hover_provider
    assert isinstance(capabilities.code_action_provider, types.CodeActionOptions)
    assert list(capabilities.code_action_provider.code_action_kinds or ()) == [types.CodeActionKind.QuickFix,
                                                                               "source.fixAll.doclint"]
    sync = capabilities.text_document_sync
    assert isinstance(sync, types.TextDocumentSyncOptions)
    assert sync.change == types.TextDocumentSyncKind.Incremental and sync.open_close


async def test_diagnostic_after_an_emoji_is_in_utf16_code_units(session: Session) -> None:
    uri = session.open("notes.md", EMOJI_CLAIM)
    [diagnostic] = await session.diagnostics(uri, 1)
    # doclint: line 3, columns 3-14 in code points; the emoji is two UTF-16 units.
    assert diagnostic.range == span((2, 3), (2, 14))
    assert diagnostic.code == "DL003"
    assert diagnostic.source == "doclint"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning
    assert diagnostic.message == "'Critics say': who? Name the source or cite it"
    assert diagnostic.code_description is not None
    # From a source checkout: the generated rule documentation, at the rule's heading.
    assert diagnostic.code_description.href == (REPO / "docs" / "rules.md").as_uri() + "#dl003-unattributed-claim"


@pytest.mark.parametrize(("offered", "chosen", "first", "last"), [
    (["utf-8", "utf-16"], "utf-8", 5, 16),  # the emoji is four bytes
    (["utf-32"], "utf-32", 2, 13),  # one code point
])
async def test_position_encoding_is_negotiated(tmp_path: Path, offered: list[str], chosen: str, first: int,
                                               last: int) -> None:
    session = await start(tmp_path, encodings=offered)
    try:
        assert session.result.capabilities.position_encoding == chosen
        uri = session.open("notes.md", EMOJI_CLAIM)
        [diagnostic] = await session.diagnostics(uri, 1)
        assert diagnostic.range == span((2, first), (2, last))
    finally:
        await stop(session)


async def test_edits_are_checked_from_the_buffer_and_only_the_latest_version_is_published(
        session: Session) -> None:
    uri = session.open("notes.md", EMOJI_CLAIM)
    await session.diagnostics(uri, 1)
    # Three quick edits: "Critics say" -> "The mayor said", an emoji in the title, a new paragraph at the end.
    session.change(uri, 2, (2, 3), (2, 14), "The mayor said")
    session.change(uri, 3, (0, 7), (0, 7), " 😀")
    session.change(uri, 4, (3, 0), (3, 0), "\nCritics say the fees are too high.\n")
    diagnostics = await session.diagnostics(uri, 4)
    assert [(d.code, d.range) for d in diagnostics] == [("DL003", span((4, 0), (4, 11)))]
    await asyncio.sleep(0.5)  # longer than the debounce: versions 2 and 3 were never published
    assert [p.version for p in session.published if p.uri == uri] == []
    assert not (session.root / "notes.md").exists()  # the buffer, not the disk


async def test_duplicate_names_its_first_occurrence(session: Session) -> None:
    uri = session.open("budget.md", DUPLICATE)
    [diagnostic] = await session.diagnostics(uri, 1)
    assert diagnostic.code == "DL001"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range == span((6, 0), (6, 88))
    assert diagnostic.message == "Paragraph duplicates the paragraph at line 3"
    [related] = diagnostic.related_information or []
    assert related.location == types.Location(uri, span((2, 0), (2, 0)))
    assert related.message == "first occurrence"


async def test_quick_fix_applies_the_safe_fix_after_an_emoji(session: Session) -> None:
    house_style(session.root)
    text = "# Notes\n\n😀 We utilize the search box.\n"
    uri = session.open("notes.md", text)
    [diagnostic] = await session.diagnostics(uri, 1)
    assert (diagnostic.code, diagnostic.range) == ("HS002", span((2, 6), (2, 13)))
    assert diagnostic.code_description is not None  # a rule of the project's own: its YAML file
    assert diagnostic.code_description.href == (session.root / "styles" / "HS002-house-spelling.yaml").as_uri()
    found = await actions(session, uri, span((2, 8), (2, 8)))
    fix = found[0]
    assert fix.title == "Fix HS002: replace 'utilize' with 'use'"
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert fix.diagnostics is not None and fix.diagnostics[0].code == "HS002"
    assert fix.edit is not None and fix.edit.changes is not None
    [edit] = fix.edit.changes[uri]
    assert edit == types.TextEdit(span((2, 6), (2, 13)), "use")
    assert apply_edits(text, [edit]) == "# Notes\n\n😀 We use the search box.\n"


async def test_duplicate_paragraph_fix_removes_the_copy(session: Session) -> None:
    uri = session.open("budget.md", DUPLICATE)
    await session.diagnostics(uri, 1)
    [fix] = [a for a in await actions(session, uri, span((6, 5), (6, 5))) if a.title.startswith("Fix")]
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = apply_edits(DUPLICATE, fix.edit.changes[uri])
    assert fixed == DUPLICATE[:DUPLICATE.rindex("The city")].rstrip("\n") + "\n"


async def test_disable_actions_insert_comments_that_suppress_the_finding(session: Session) -> None:
    uri = session.open("notes.md", EMOJI_CLAIM)
    await session.diagnostics(uri, 1)
    found = await actions(session, uri, span((2, 4), (2, 4)))
    titles = [action.title for action in found]
    assert titles == ["Disable DL003 on this line (comment at its end)",
                      "Disable DL003 on this line (comment on the line above)"]
    end_of_line, above = (list(action.edit.changes[uri]) for action in found if action.edit and action.edit.changes)
    assert end_of_line == [types.TextEdit(span((2, 41), (2, 41)), " <!-- doclint-disable-line DL003 -->")]
    assert above == [types.TextEdit(span((2, 0), (2, 0)), "<!-- doclint-disable-next-line DL003 -->\n")]
    # Applied in the editor, each comment silences the finding (and is not reported as unused).
    for version, edits in ((2, end_of_line), (3, above)):
        session.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=apply_edits(EMOJI_CLAIM, edits))]))
        assert await session.diagnostics(uri, version) == []


async def test_actions_for_the_diagnostics_the_client_passes_with_the_cursor(session: Session) -> None:
    uri = session.open("notes.md", EMOJI_CLAIM)
    [diagnostic] = await session.diagnostics(uri, 1)
    line_start = span((2, 0), (2, 0))  # the cursor at the start of the line, before the finding
    assert await actions(session, uri, line_start) == []
    found = await actions(session, uri, line_start, context=[diagnostic])
    assert [action.title for action in found] == ["Disable DL003 on this line (comment at its end)",
                                                  "Disable DL003 on this line (comment on the line above)"]


async def test_a_directive_already_in_place_gets_the_rule_added(session: Session) -> None:
    text = "# Notes\n\n<!-- doclint-disable-next-line DL002 -->\nCritics say the plan is too expensive.\n"
    uri = session.open("notes.md", text)
    assert [d.code for d in await session.diagnostics(uri, 1)] == ["DL900", "DL003"]  # DL002 has nothing here
    found = await actions(session, uri, span((3, 0), (3, 0)))
    above = [a for a in found if a.title == "Disable DL003 on this line (comment on the line above)"]
    assert [list(a.edit.changes[uri]) for a in above if a.edit and a.edit.changes] == [
        [types.TextEdit(span((2, 36), (2, 36)), " DL003")]]
    session.client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        [types.TextDocumentContentChangePartial(range=span((2, 36), (2, 36)), text=" DL003")]))
    assert await session.diagnostics(uri, 2) == []  # the directive now suppresses DL003, so it is used


async def test_plain_text_gets_the_comment_on_its_own_line(session: Session) -> None:
    text = "Council news\n  Critics say the plan is too expensive.\nThe vote is on Monday.\n"
    uri = session.open("news.txt", text, language="plaintext")
    [diagnostic] = await session.diagnostics(uri, 1)
    assert diagnostic.range == span((1, 2), (1, 13))
    [above] = await actions(session, uri, diagnostic.range)
    assert above.edit is not None and above.edit.changes is not None
    assert list(above.edit.changes[uri]) == [types.TextEdit(span((1, 0), (1, 0)),
                                                      "  <!-- doclint-disable-next-line DL003 -->\n")]


async def test_fix_all_applies_every_safe_fix(session: Session) -> None:
    house_style(session.root)
    text = DUPLICATE.replace("Residents will", "We utilize the fees, residents will") + "\nWe utilize 😀 it.\n"
    uri = session.open("budget.md", text)
    await session.diagnostics(uri, 1)
    [action] = await actions(session, uri, span((0, 0), (0, 0)), only=[types.CodeActionKind.SourceFixAll])
    assert action.kind == "source.fixAll.doclint"
    assert action.edit is not None and action.edit.changes is not None
    fixed = apply_edits(text, action.edit.changes[uri])
    assert fixed == ("# Notes\n\nThe city council approved the budget on Thursday after a long debate about road "
                     "repairs.\n\nWe use the fees, residents will see higher parking fees.\n\nWe use 😀 it.\n")
    # Quick fixes are not what was asked for.
    assert all(a.kind == "source.fixAll.doclint" for a in await actions(session, uri, span((6, 0), (6, 5)),
                                                                         only=["source.fixAll"]))


async def test_hover_explains_the_rule(session: Session) -> None:
    uri = session.open("notes.md", EMOJI_CLAIM)
    await session.diagnostics(uri, 1)
    found = await session.request(session.client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri=uri), types.Position(2, 5))))
    assert found is not None and isinstance(found.contents, types.MarkupContent)
    text = found.contents.value
    assert text.startswith("**DL003 `unattributed-claim`** (warning): 'Critics say': who? Name the source")
    assert "Reports a claim nobody stands behind." in text
    assert "**What to do:**" in text and "<!-- doclint-disable-next-line DL003 -->" in text
    assert found.range == span((2, 3), (2, 14))
    nothing = await session.request(session.client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri=uri), types.Position(0, 2))))
    assert nothing is None


async def test_configuration_change_is_picked_up(session: Session) -> None:
    uri = session.open("notes.md", EMOJI_CLAIM)
    assert [d.code for d in await session.diagnostics(uri, 1)] == ["DL003"]
    [registration] = session.registrations[0].registrations
    assert registration.method == types.WORKSPACE_DID_CHANGE_WATCHED_FILES
    config = session.root / ".doclint.yaml"
    config.write_text("ignore: [DL003]\n", encoding="utf-8")
    session.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
        [types.FileEvent(config.as_uri(), types.FileChangeType.Created)]))
    assert await session.diagnostics(uri, 1) == []
    # Without a notification (a client that does not watch files), the next check notices the change.
    config.write_text("select: [DL003]\n", encoding="utf-8")
    os.utime(config, ns=(config.stat().st_mtime_ns + 10**9,) * 2)
    session.change(uri, 2, (0, 0), (0, 0), "")
    assert [d.code for d in await session.diagnostics(uri, 2)] == ["DL003"]


async def test_broken_configuration_is_one_diagnostic_and_the_server_goes_on(session: Session) -> None:
    (session.root / ".doclint.yaml").write_text("ignor: [DL003]\n", encoding="utf-8")
    uri = session.open("notes.md", EMOJI_CLAIM)
    [diagnostic] = await session.diagnostics(uri, 1)
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    folder = session.root.name
    assert diagnostic.message.startswith(f"configuration error: {folder}/.doclint.yaml:1: unknown key 'ignor'")
    assert diagnostic.range == span((0, 0), (0, 7))  # the document's first line: the problem has no place
    (session.root / ".doclint.yaml").write_text("ignore: [DL002]\n", encoding="utf-8")
    session.change(uri, 2, (0, 0), (0, 0), "")
    assert [d.code for d in await session.diagnostics(uri, 2)] == ["DL003"]


async def test_rule_that_runs_out_of_time_is_reported_and_the_server_goes_on(session: Session) -> None:
    (session.root / "styles").mkdir()
    (session.root / "styles" / "XX001-slow.yaml").write_text("""\
id: XX001
name: slow-pattern
check: existence
level: warning
message: "'{match}'"
description: A pattern that backtracks for ever on a run of a.
patterns: ['(a|a)+$']
examples:
  fail: ["aaaa"]
  pass: ["b"]
""", encoding="utf-8")
    (session.root / ".doclint.yaml").write_text("rules: [styles]\nregex-timeout: 0.05\n", encoding="utf-8")
    uri = session.open("slow.md", "# Notes\n\n" + "a" * 40 + "b\n\nCritics say it is slow.\n")
    diagnostics = await session.diagnostics(uri, 1)
    assert [d.code for d in diagnostics] == [None, "DL003"]
    assert diagnostics[0].severity == types.DiagnosticSeverity.Error
    assert diagnostics[0].message.startswith("rule XX001 (slow-pattern): regular expression")
    assert "ran over its time limit" in diagnostics[0].message
    session.change(uri, 2, (4, 0), (4, 11), "The mayor said")
    assert [d.code for d in await session.diagnostics(uri, 2)] == [None]


async def test_excluded_file_gets_no_diagnostics_and_closing_clears_them(session: Session) -> None:
    (session.root / ".doclint.yaml").write_text("exclude: [drafts/]\n", encoding="utf-8")
    (session.root / "drafts").mkdir()
    draft = session.open("drafts/notes.md", EMOJI_CLAIM)
    assert await session.diagnostics(draft, 1) == []
    uri = session.open("notes.md", EMOJI_CLAIM)
    assert len(await session.diagnostics(uri, 1)) == 1
    session.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(uri)))
    assert await session.diagnostics(uri) == []


async def test_shutdown_and_exit_end_the_server(tmp_path: Path) -> None:
    session = await start(tmp_path)
    uri = session.open("notes.md", EMOJI_CLAIM)
    await session.diagnostics(uri, 1)
    server = session.client._server
    assert server is not None
    await asyncio.wait_for(session.client.shutdown_session(), TIMEOUT)
    assert await asyncio.wait_for(server.wait(), TIMEOUT) == 0
    await session.client.stop()
