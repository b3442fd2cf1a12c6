"""Which release of the code is running, as a digest of its Python modules and templates.

Figures and drawn page parts kept in a shared cache are keyed by the data's generations, which
an upgrade does not move: without the release in the key, servers running new code would read
what the old code drew (old markup for up to ``FIGURES_CACHE_SECONDS``, or a value of a shape
the new code no longer expects). The digest is of the files' contents, so every server of one
release computes the same one whatever the files' dates, and a release that changes nothing the
cache holds still shares it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: Folders of the repository that hold nothing a cached value is computed or drawn by.
NOT_CODE = frozenset({"tests", "docs", "fixtures", "static", "frontend", "node_modules", "var"})
SUFFIXES = (".py", ".html")


def code_release(root: Path) -> str:
    """A short digest of every ``.py`` and ``.html`` file under ``root``'s code folders."""
    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(_code_files(root)):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _code_files(root: Path):
    for folder, folders, files in os.walk(root):
        if Path(folder) == root:
            folders[:] = [name for name in folders if name not in NOT_CODE]
        folders[:] = [name for name in folders if not name.startswith((".", "__"))]
        yield from (Path(folder) / name for name in files if name.endswith(SUFFIXES))
