"""Latency and endurance of ``doclint lsp``, measured through a real client over stdio (pygls's client).

1. Latency: a 2,000-line Markdown document (real documentation: the PowerShell docs corpus, files in a seeded
   random order, concatenated and cut at 2,000 lines) is opened, then edited N times, one word typed at the end
   of a random line each time; after each edit the client waits for the diagnostics of that version. Latency =
   time from sending the edit to receiving its diagnostics, minus the debounce (the pause the server waits for
   on purpose). Printed: p50, p95, max. Target: p95 under 150 ms.
2. Endurance: a 1 MB document from the same corpus is opened and hit with 1,000 edits sent as fast as the
   client can write them (no waiting); then the client waits for the diagnostics of the last version, checks
   that they equal what doclint finds in the client's own copy of the text (so no edit was lost or misapplied),
   and asks for a hover to show the server still answers. Printed: time to send, time to the last diagnostics,
   how many versions were published (the debounce should publish very few), and the server's peak RSS.

Run: ``python bench/lsp_latency.py [--edits 100] [--seed 0]`` (needs ``pip install -e ".[lsp]"`` and
``/work/shared/corpora/powershell-docs``, or ``--corpus DIR`` with Markdown files).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient
from shared_data import SHARED

DEFAULT_CORPUS = SHARED / "corpora" / "powershell-docs"
FALLBACK_CORPUS = Path("/work/shared/corpora/powershell-docs")
DEBOUNCE_MS = 250
TIMEOUT = 120.0


def corpus_text(corpus: Path, seed: int, *, lines: int | None = None, chars: int | None = None) -> str:
    files = sorted(corpus.rglob("*.md"))
    random.Random(seed).shuffle(files)
    pieces: list[str] = []
    count = size = 0
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
        pieces.append(text if text.endswith("\n") else text + "\n")
        count += text.count("\n") + 1
        size += len(text)
        if (lines is not None and count >= lines) or (chars is not None and size >= chars):
            break
    joined = "".join(pieces)
    if lines is not None:
        joined = "\n".join(joined.split("\n")[:lines]) + "\n"
    if chars is not None:
        joined = joined[:chars]
        joined = joined[:joined.rfind("\n") + 1]
    return joined


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Published:
    versions: dict[str, dict[int, tuple[float, list[types.Diagnostic]]]] = field(default_factory=dict)
    events: dict[tuple[str, int], asyncio.Event] = field(default_factory=dict)
    startup: float = 0.0  # seconds from starting the server process to its answer to initialize

    def record(self, params: types.PublishDiagnosticsParams) -> None:
        if params.version is None:
            return
        self.versions.setdefault(params.uri, {})[params.version] = (time.perf_counter(), list(params.diagnostics))
        event = self.events.get((params.uri, params.version))
        if event is not None:
            event.set()

    async def wait(self, uri: str, version: int) -> tuple[float, list[types.Diagnostic]]:
        if version not in self.versions.get(uri, {}):
            event = self.events.setdefault((uri, version), asyncio.Event())
            await asyncio.wait_for(event.wait(), TIMEOUT)
        return self.versions[uri][version]


async def start(root: Path, published: Published) -> LanguageClient:
    client = LanguageClient("doclint-bench", "1")

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: types.PublishDiagnosticsParams) -> None:
        published.record(params)

    @client.feature(types.WINDOW_LOG_MESSAGE)
    def on_log(params: types.LogMessageParams) -> None:
        pass

    spawned = time.perf_counter()
    await client.start_io(sys.executable, "-m", "doclint", "lsp", cwd=str(root))
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                         root_uri=root.as_uri(),
                                                         initialization_options={"debounce": DEBOUNCE_MS}))
    client.initialized(types.InitializedParams())
    published.startup = time.perf_counter() - spawned
    return client


class Buffer:
    """The client's copy of a document, edited the way an editor sends changes."""

    def __init__(self, client: LanguageClient, uri: str, text: str) -> None:
        self.client, self.uri, self.version = client, uri, 1
        self.lines = text.split("\n")
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="markdown", version=1, text=text)))

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def type_at_line_end(self, line: int, word: str) -> int:
        position = types.Position(line, utf16_length(self.lines[line]))
        self.lines[line] += word
        self.version += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            [types.TextDocumentContentChangePartial(range=types.Range(position, position), text=word)]))
        return self.version


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


async def latency(corpus: Path, root: Path, edits: int, seed: int) -> None:
    published = Published()
    client = await start(root, published)
    text = corpus_text(corpus, seed, lines=2000)
    uri = (root / "latency.md").as_uri()
    buffer = Buffer(client, uri, text)
    opened = time.perf_counter()
    _, diagnostics = await published.wait(uri, 1)
    print(f"server start-up (process started -> initialize answered): {1000 * published.startup:.0f} ms")
    print(f"2,000-line document: {len(text):,} characters, {len(diagnostics)} diagnostics; first check (rules "
          f"loaded) {1000 * (time.perf_counter() - opened):.0f} ms")
    rng = random.Random(seed)
    words = ["experts", "say", "the", "plan", "very", "clearly", "works"]
    samples = []
    for _ in range(edits):
        line = rng.randrange(len(buffer.lines) - 1)
        sent = time.perf_counter()
        version = buffer.type_at_line_end(line, " " + rng.choice(words))
        received, _ = await published.wait(uri, version)
        samples.append(1000 * (received - sent) - DEBOUNCE_MS)
    print(f"latency after the {DEBOUNCE_MS} ms debounce, {edits} edits (seed {seed}): p50 "
          f"{statistics.median(samples):.0f} ms, p95 {percentile(samples, 0.95):.0f} ms, max {max(samples):.0f} ms "
          f"(target: p95 < 150 ms)")
    checks = in_process_checks(buffer.text, root / "latency.md", 20)
    print(f"of which the check itself (in this process, same text, 20 runs): p50 {statistics.median(checks):.0f} ms, "
          f"p95 {percentile(checks, 0.95):.0f} ms")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


async def endurance(corpus: Path, root: Path, edits: int, seed: int) -> None:
    published = Published()
    client = await start(root, published)
    text = corpus_text(corpus, seed + 1, chars=1_000_000)
    uri = (root / "big.md").as_uri()
    buffer = Buffer(client, uri, text)
    opened = time.perf_counter()
    _, first = await published.wait(uri, 1)
    print(f"1 MB document: {len(text):,} characters, {len(buffer.lines):,} lines, {len(first)} diagnostics; "
          f"first check {time.perf_counter() - opened:.2f} s")
    rng = random.Random(seed)
    start_time = time.perf_counter()
    for _ in range(edits):
        buffer.type_at_line_end(rng.randrange(len(buffer.lines) - 1), rng.choice(" abcdefgh😀é"))
    await asyncio.sleep(0)
    sent = time.perf_counter()
    received, diagnostics = await published.wait(uri, buffer.version)
    versions = sorted(published.versions[uri])
    print(f"{edits} rapid edits: sent in {sent - start_time:.2f} s; diagnostics of the last version "
          f"{received - sent:.2f} s after the last edit; versions published: {len(versions)} "
          f"({', '.join(map(str, versions[:5]))}{', ...' if len(versions) > 5 else ''})")
    expected = await asyncio.to_thread(expected_diagnostics, buffer.text, root / "big.md")
    got = [(d.code, d.range.start.line, d.range.start.character) for d in diagnostics]
    print(f"server's last diagnostics equal a fresh check of the client's text: {got == expected} "
          f"({len(got)} diagnostics)")
    hover = await asyncio.wait_for(client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier(uri=uri), diagnostics[0].range.start if diagnostics else types.Position(0, 0))),
        TIMEOUT)
    print(f"server answers after the edits: hover {'with' if hover else 'without'} content")
    process = client._server
    rss = peak_rss(process.pid) if process is not None else None
    if rss is not None:
        print(f"server peak RSS: {rss / 1024:.0f} MiB")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


def expected_diagnostics(text: str, path: Path) -> list[tuple[str | None, int, int]]:
    from doclint.lsp.checking import BufferChecker
    from doclint.lsp.diagnostics import to_diagnostics
    from doclint.lsp.positions import BufferLines

    checker = BufferChecker(path.parent)
    result = checker.check(text, path, "markdown")
    lines = BufferLines(text)
    found = to_diagnostics(result, lines, path.as_uri(), checker.display(path), path.parent)
    return [(d.code if isinstance(d.code, str) else None, d.range.start.line, d.range.start.character)
            for d in found]


def in_process_checks(text: str, path: Path, runs: int) -> list[float]:
    """Milliseconds for the server's work on one version (check and diagnostics), without the protocol."""
    from doclint.lsp.checking import BufferChecker
    from doclint.lsp.diagnostics import to_diagnostics
    from doclint.lsp.positions import BufferLines

    checker = BufferChecker(path.parent)
    checker.check(text, path, "markdown")  # rules loaded once, as in the server
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        result = checker.check(text, path, "markdown")
        to_diagnostics(result, BufferLines(text), path.as_uri(), checker.display(path), path.parent)
        timings.append(1000 * (time.perf_counter() - began))
    return timings


def peak_rss(pid: int) -> int | None:
    """Peak resident set size in KiB (Linux), or None."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=100, help="edits for the latency measurement")
    parser.add_argument("--rapid-edits", type=int, default=1000, help="edits for the endurance run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    corpus = args.corpus or next((c for c in (DEFAULT_CORPUS, FALLBACK_CORPUS) if c.is_dir()), None)
    if corpus is None or not corpus.is_dir():
        sys.exit("no corpus: pass --corpus DIR (a folder of Markdown files)")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        asyncio.run(latency(corpus, root, args.edits, args.seed))
        asyncio.run(endurance(corpus, root, args.rapid_edits, args.seed))


if __name__ == "__main__":
    main()
