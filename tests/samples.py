"""Sample texts shared by the test modules."""

from __future__ import annotations

# A paragraph long enough for duplicate-paragraph (DL001) to compare.
HARBOUR = "The harbour authority dredged the main channel last spring to let larger ships dock."
# A repeated heading (DL002 at 5:4) and a repeated paragraph (DL001 at 7:1).
HARBOUR_MD = f"# Harbour news\n\n{HARBOUR}\n\n## Harbour news\n\n{HARBOUR}\n"
