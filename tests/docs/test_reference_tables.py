"""The reference tables that ``umkm_ledger.reference`` makes: the pages hold what the code
makes now, what the pages show is right when read on its own (checked against the
classes found in the source, not against the generator), and ``python -m
umkm_ledger.reference`` rewrites a stale page and ``--check`` says which section is stale."""

from __future__ import annotations

import ast
import functools
import importlib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.docs.conftest import DOCS, REPO
from umkm_ledger import BusinessRuleViolation, FundingSource, Instrument, UmkmLedgerError
from umkm_ledger import UtilisationStatus as Condition
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.aggregate import LedgerAggregate
from umkm_ledger.kernel.records import RECORD_KINDS
from umkm_ledger.reference import PAGES, SECTIONS, headline, main, stale_sections, update_page

SOURCE = REPO / "src" / "umkm_ledger"


@functools.cache
def classes_in_source() -> list[type]:
    """Every class defined at the top of a module of the package, found by reading the
    source (so a class in a module nothing imports is found too)."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
        if defined:
            module = importlib.import_module(name)
            found += [getattr(module, class_name) for class_name in defined]
    return found


def error_classes_in_source() -> list[type[UmkmLedgerError]]:
    return [
        cls
        for cls in classes_in_source()
        if isinstance(cls, type) and issubclass(cls, UmkmLedgerError)
    ]


def section(page: str, name: str) -> str:
    """The text between a generated section's markers on ``page``."""
    text = (DOCS / page).read_text(encoding="utf-8")
    found = re.search(
        rf"<!-- reference:{name}\b[^\n]*-->\n(.*?)<!-- /reference:{name} -->", text, re.DOTALL
    )
    assert found is not None, f"{page} has no section {name}"
    return found[1]


def table_rows(text: str) -> list[list[str]]:
    """The cells of a Markdown table's rows, after its header and ``|---|`` line."""
    rows = [[cell.strip() for cell in line.strip("|").split(" | ")] for line in text.splitlines()]
    return rows[2:]


@dataclass(frozen=True)
class TreeLine:
    depth: int
    name: str
    builtins: tuple[str, ...]
    says: str
    retryable: bool


def tree_on_page() -> list[TreeLine]:
    block = section("reference/errors.md", "error-tree")
    assert block.startswith("```text\n")
    assert block.endswith("\n```\n")
    lines = []
    for line in block.splitlines()[1:-1]:
        drawn = re.match(r"^((?:│   |    |├── |└── )*)(\w+)((?: \(\w+\))*)\s{2,}(.+)$", line)
        assert drawn is not None, line
        prefix, name, builtins, says = drawn.groups()
        retryable = says.endswith("  [retryable]")
        lines.append(
            TreeLine(
                depth=len(prefix) // 4,
                name=name,
                builtins=tuple(re.findall(r"\((\w+)\)", builtins)),
                says=says.removesuffix("  [retryable]"),
                retryable=retryable,
            )
        )
    return lines


# ------------------------------------------------------------------- the pages are fresh


def test_every_generated_section_is_what_the_code_makes_now() -> None:
    stale = stale_sections(DOCS)
    assert not stale, f"out of date (run `python -m umkm_ledger.reference`): {stale}"


# ------------------------------------------------------------------------- the errors


def test_the_error_tree_shows_every_error_class_once_under_the_one_base() -> None:
    tree = tree_on_page()
    classes = {cls.__name__: cls for cls in error_classes_in_source()}
    assert sorted(line.name for line in tree) == sorted(classes)
    assert [line.name for line in tree if line.depth == 0] == ["UmkmLedgerError"]
    assert tree[0].depth == 0
    assert len(classes) > 50
    assert "BastNumberAlreadyUsed" in classes


def test_each_error_sits_under_the_error_class_it_derives_from() -> None:
    tree = tree_on_page()
    classes = {cls.__name__: cls for cls in error_classes_in_source()}
    parents: list[str] = []
    for line in tree:
        del parents[line.depth :]
        cls = classes[line.name]
        if parents:
            ledger_bases = [b for b in cls.__bases__ if issubclass(b, UmkmLedgerError)]
            assert ledger_bases[0].__name__ == parents[-1], line.name
        others = [b.__name__ for b in cls.__bases__ if not issubclass(b, UmkmLedgerError)]
        assert list(line.builtins) == others, line.name
        assert line.retryable is cls.retryable, line.name
        parents.append(line.name)


def test_each_error_says_the_first_words_of_its_docstring() -> None:
    classes = {cls.__name__: cls for cls in error_classes_in_source()}
    for line in tree_on_page():
        sentence = re.split(r"(?<=\.)\s", (classes[line.name].__doc__ or "").strip())[0]
        words = iter(word.rstrip(".,:;") for word in sentence.replace("``", "`").split())
        # The docstring's first sentence, from its start, less its asides in brackets.
        assert line.says.split()[0] == sentence.split()[0], line.name
        assert all(word.rstrip(",") in words for word in line.says.split()), line.name


def test_the_rules_are_every_rule_in_its_own_words() -> None:
    listed = dict(
        re.findall(r"^- `(\w+)`: (.+)$", section("reference/errors.md", "business-rules"), re.M)
    )
    rules = {
        cls.__name__: cls.rule()
        for cls in error_classes_in_source()
        if issubclass(cls, BusinessRuleViolation) and cls is not BusinessRuleViolation
    }
    assert listed == rules
    assert listed["BastNumberAlreadyUsed"].startswith("A BAST (*berita acara serah terima*)")


# --------------------------------------------------------------------------- the choices


def test_the_instruments_are_every_instrument_with_the_form_its_grants_take() -> None:
    rows = table_rows(section("reference/values.md", "instruments"))
    assert [row[0] for row in rows] == [f"`{i.value}`" for i in Instrument]
    indonesian = Labels("id")
    for (_, gives, in_indonesian, in_python), instrument in zip(rows, Instrument, strict=True):
        assert gives.startswith("items") is instrument.in_items, instrument
        assert gives.startswith("an amount") is not instrument.in_items, instrument
        assert in_indonesian == indonesian.named("instrument", instrument.value)
        assert in_python == f"`Instrument.{instrument.name}`"
        assert Instrument.parse(in_python.strip("`").split(".")[1]) is instrument


def test_the_sources_and_conditions_are_every_one() -> None:
    sources = table_rows(section("reference/values.md", "funding-sources"))
    assert [row[0] for row in sources] == [f"`{s.value}`" for s in FundingSource]
    conditions = table_rows(section("reference/values.md", "conditions"))
    assert [row[0] for row in conditions] == [f"`{c.value}`" for c in Condition]
    assert [row[1] for row in conditions] == [Labels("id").term(c.value) for c in Condition]


# --------------------------------------------------------------------------- corrections


def test_the_correctable_fields_are_every_records() -> None:
    rows = table_rows(section("how-to/record-a-correction.md", "correctable-fields"))
    documented = {
        (record, event.strip("`")): set(re.findall(r"`(\w+)`", fields))
        for record, event, fields in rows
    }
    aggregates = [
        cls
        for cls in classes_in_source()
        if isinstance(cls, type) and issubclass(cls, LedgerAggregate) and cls is not LedgerAggregate
    ]
    assert set(aggregates) == set(RECORD_KINDS)  # so none is left out of the table
    assert documented == {
        (RECORD_KINDS[aggregate], event): set(fields)
        for aggregate in aggregates
        for event, fields in aggregate.CORRECTABLE.items()
        if fields
    }
    records = {record for record, _ in documented}
    assert {"program", "grant", "training", "KUR referral", "mentoring session"} <= records


# ------------------------------------------------------------------------- the generator


def test_a_headline_is_the_first_clause_without_asides() -> None:
    class Aside:
        """A grant (or a loan) is approved once: by a second person. More follows."""

    class Sentence:
        """Amounts such as Rp2.000.000 stay whole; the rest
        continues on a second line.

        And a second paragraph."""

    class Plain:
        """One line."""

    class Bare:
        pass

    assert headline(Aside) == "A grant is approved once"
    assert headline(Sentence) == "Amounts such as Rp2.000.000 stay whole"
    assert headline(Plain) == "One line"
    with pytest.raises(TypeError, match="has no docstring"):
        headline(Bare)


def test_a_section_is_rewritten_between_its_markers_only() -> None:
    stale = (
        "before\n<!-- reference:instruments (made by hand) -->\n| stale |\n"
        "<!-- /reference:instruments -->\nafter\n"
    )
    fresh = update_page(stale, ["instruments"])
    assert fresh == (
        "before\n<!-- reference:instruments (made by hand) -->\n"
        + SECTIONS["instruments"]()
        + "<!-- /reference:instruments -->\nafter\n"
    )
    assert update_page(fresh, ["instruments"]) == fresh


@pytest.mark.parametrize(
    "text",
    [
        "no markers at all\n",
        "<!-- reference:instruments -->\n<!-- /reference:instruments -->\n" * 2,
        "<!-- reference:instruments -->\nnever closed\n",
    ],
)
def test_a_section_without_its_markers_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="'instruments'"):
        update_page(text, ["instruments"])


def test_the_pages_hold_every_section() -> None:
    assert sorted(name for names in PAGES.values() for name in names) == sorted(SECTIONS)


def test_the_command_checks_and_rewrites_a_stale_docs_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    errors = docs / "reference" / "errors.md"
    text = errors.read_text(encoding="utf-8")
    errors.write_text(re.sub(r"^- `BastNumberAlreadyUsed`.*\n", "", text, flags=re.M), "utf-8")

    checked = subprocess.run(  # as a user runs it
        [sys.executable, "-m", "umkm_ledger.reference", "--check", "--docs", str(docs)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (checked.returncode, checked.stdout) == (
        1,
        "out of date: reference/errors.md: business-rules\n",
    ), checked.stderr
    assert errors.read_text(encoding="utf-8") != text  # --check changes nothing

    assert main(["--docs", str(docs)]) == 0
    assert capsys.readouterr().out == f"rewrote {errors}\n"
    assert errors.read_text(encoding="utf-8") == text
    assert main(["--check", "--docs", str(docs)]) == 0
    assert capsys.readouterr().out == ""


def test_a_folder_that_is_not_the_docs_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["--check", "--docs", str(tmp_path)])
    assert refused.value.code == 2
