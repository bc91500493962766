"""Rules of the code base that a reviewer would otherwise have to remember."""
import ast
import re
from pathlib import Path

import pytest

from analysis.schema import TABLES

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", sorted((ROOT / "analysis").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_analysis_never_imports_streamlit(path):
    assert "streamlit" not in imported_modules(path)


def test_pages_folder_holds_only_registered_page_scripts():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    registered = set(re.findall(r'st\.Page\("(pages/[^"]+)"', app))
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").iterdir() if p.name != "__pycache__"}
    assert on_disk == registered


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_column_is_documented_in_the_data_dictionary(table):
    readme = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"\n## {table}.csv\n", 1)
    assert len(section) == 2, f"data/README.md has no section for {table}.csv"
    body = section[1].split("\n## ", 1)[0]
    for column in TABLES[table].column_names:
        assert f"`{column}`" in body, f"{table}.{column} is not documented"
    for column in TABLES[table].columns:
        for value in column.allowed or ():
            assert f"`{value}`" in body or f"`{value}`" in readme, f"{table}.{column.name}: {value}"


def test_seed_files_have_the_schema_header():
    for name, table in TABLES.items():
        header = (ROOT / "data" / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == table.column_names, name
