"""Errors that are the user's, not doclint's: shown as one line with exit status 2, never as a traceback.

Any other exception escaping the engine is a bug in doclint and shows as one (a traceback). Configuration and
rule-file errors are ``doclint.schema.SchemaError`` (they carry a file and line).
"""

from __future__ import annotations


class OptionError(ValueError):
    """A command-line option or API argument that cannot be used (an unknown paragraph mode, a bad glob)."""


class SelectorError(OptionError):
    """A rule selector (code or name) that matches no loaded rule."""
