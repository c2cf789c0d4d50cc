"""Where the shared evaluation data and corpora are (``../shared``, never inside the repository): beside the
checkout, or beside the folder that holds it (a git worktree in a folder of worktrees)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = next((base / "shared" for base in (ROOT.parent, ROOT.parent.parent) if (base / "shared").is_dir()),
              ROOT.parent / "shared")
