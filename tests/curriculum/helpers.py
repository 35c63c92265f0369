"""Build small content folders for tests: the real categories plus hand-made modules."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import CONTENT_DIR


def module_text(
    slug: str = "proefmodule",
    category: str | None = "bewustwording",
    title: str = "Proefmodule",
    lessons: int = 3,
    extra_body: str = "",
    front: str | None = None,
) -> str:
    header = front or (
        f'slug: {slug}\ncategory: {category or "null"}\ntitle: "{title}"\n'
        'objectives:\n  - "Je kunt het netwerk in kaart brengen."\nminutes: 20\norder: 9\n'
    )
    body = "Korte inleiding.\n\n" + "".join(
        f"## Les {n}\n\nTekst van les {n} over het netwerk van de cliënt.\n\n"
        for n in range(1, lessons + 1)
    )
    return f"---\n{header}---\n{body}{extra_body}"


def make_content(tmp_path: Path, modules: dict[str, str]) -> Path:
    root = tmp_path / "content"
    (root / "modules").mkdir(parents=True)
    shutil.copy(Path(CONTENT_DIR) / "categories.yaml", root / "categories.yaml")
    for name, text in modules.items():
        (root / "modules" / name).write_text(text, encoding="utf-8")
    return root
