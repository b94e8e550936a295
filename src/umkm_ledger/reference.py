"""Reference tables made from the code: the error classes, the business rules, the
vocabularies a caller chooses from, and what a correction may change.

Each table function returns Markdown. The documentation's pages hold their output
between two markers, e.g. for the errors page's class tree::

    <!-- reference:error-tree (made by python -m umkm_ledger.reference) -->
    ...
    <!-- /reference:error-tree -->

``python -m umkm_ledger.reference`` (run in a clone's root, or with ``--docs DIR``)
rewrites every such section from the code; ``--check`` rewrites nothing, lists the
sections that are out of date, and exits with status 1 when there is one.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import pkgutil
import re
import sys
import tomllib
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path

import umkm_ledger
from umkm_ledger.access.roles import ROLE_DUTIES, ROLES, Permission
from umkm_ledger.audit.trail_view import AUDITED_RECORDS
from umkm_ledger.funding.iati import (
    FINANCE_TYPES,
    ORGANISATION_TYPES,
    TRANSACTION_TABLE,
    TransactionType,
)
from umkm_ledger.funding.values import FundingSource, Instrument, UtilisationStatus
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.interchange.dhis2.mapping import KEYS as DHIS2_KEYS
from umkm_ledger.interchange.dhis2.periods import PERIOD_TYPES as DHIS2_PERIOD_TYPES
from umkm_ledger.interchange.iati.codes import (
    ACTIVITY_DATES,
    ACTIVITY_STATUS,
    DAC_VOCABULARY,
    FEATURE_DESIGNATIONS,
    GROUP_TYPE,
    MEASURES,
    ORGANISATION_ROLES,
    RESULT_TYPES,
    SECTOR_VOCABULARY,
)
from umkm_ledger.interchange.schema import (
    data_schema,
    feed_type,
    public_event_types,
    read_model_schema,
    schema_version,
)
from umkm_ledger.kernel.errors import BusinessRuleViolation, UmkmLedgerError
from umkm_ledger.kernel.event_types import event_types
from umkm_ledger.kernel.records import RECORD_KINDS

_PACKAGE = Path(umkm_ledger.__file__).parent

__all__ = [
    "PAGES",
    "SECTIONS",
    "business_rules",
    "conditions",
    "correctable_fields",
    "dhis2_mapping_keys",
    "dhis2_period_types",
    "error_classes",
    "error_tree",
    "funding_sources",
    "headline",
    "iati_codes",
    "iati_transactions",
    "instruments",
    "main",
    "stale_sections",
    "update_page",
    "write_sections",
]


def _import_every_module() -> None:
    """Import every module of the package, so that every error class defined in it
    exists (``import umkm_ledger`` alone leaves out the command line, for one)."""
    for module in pkgutil.walk_packages(umkm_ledger.__path__, f"{umkm_ledger.__name__}."):
        if module.name != f"{umkm_ledger.__name__}.reference":  # (this one: no errors)
            importlib.import_module(module.name)


def _ours(cls: type) -> bool:
    return cls.__module__ == "umkm_ledger" or cls.__module__.startswith("umkm_ledger.")


def _ledger_base(cls: type[UmkmLedgerError]) -> type[UmkmLedgerError] | None:
    """The error class ``cls`` is a kind of: its first base that is an UmkmLedgerError."""
    for base in cls.__bases__:
        if issubclass(base, UmkmLedgerError):
            return base
    return None


def _other_bases(cls: type[UmkmLedgerError]) -> list[type]:
    """Its bases outside the ledger's hierarchy (``ValueError`` of ``InvalidValue``)."""
    return [base for base in cls.__bases__ if not issubclass(base, UmkmLedgerError)]


def _defined_at(cls: type) -> tuple[str, int]:
    """Where ``cls`` is defined: its module, and its place among the module's names."""
    names = list(vars(sys.modules[cls.__module__]))
    return cls.__module__, names.index(cls.__name__) if cls.__name__ in names else len(names)


def _children(cls: type[UmkmLedgerError]) -> list[type[UmkmLedgerError]]:
    kinds = [sub for sub in cls.__subclasses__() if _ours(sub) and _ledger_base(sub) is cls]
    return sorted(kinds, key=_defined_at)


def _walk(cls: type[UmkmLedgerError], depth: int) -> list[tuple[int, type[UmkmLedgerError]]]:
    found = [(depth, cls)]
    for child in _children(cls):
        found += _walk(child, depth + 1)
    return found


def _tree() -> list[tuple[int, type[UmkmLedgerError]]]:
    _import_every_module()
    return _walk(UmkmLedgerError, 0)


def error_classes() -> list[type[UmkmLedgerError]]:
    """Every error class umkm_ledger defines, from :class:`UmkmLedgerError` down, each
    family's members in the order they are defined."""
    return [cls for _, cls in _tree()]


def headline(cls: type) -> str:
    """What a class is, on one line: the first sentence of its docstring, without its
    parenthetical remarks and up to its first colon or semicolon.

    A class without a docstring is refused (``TypeError``): every error says what it is.
    """
    if not cls.__doc__ or not cls.__doc__.strip():
        raise TypeError(f"{cls.__module__}.{cls.__qualname__} has no docstring")
    paragraph = " ".join(cls.__doc__.strip().split("\n\n")[0].split()).replace("``", "`")
    previous = None
    while previous != paragraph:  # (innermost first, so nested remarks go too)
        previous, paragraph = paragraph, re.sub(r"\s*\([^()]*\)", "", paragraph)
    sentence = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    clause = re.split(r"[:;]\s", sentence, maxsplit=1)[0]
    return clause.rstrip(".!?,")


def error_tree() -> str:
    """The class tree of every error, each with its headline, as a ```text block.

    A class that is also a Python built-in error says which (``InvalidValue
    (ValueError)``); one that may succeed when sent again unchanged is marked
    ``[retryable]``.
    """
    rows = []
    for prefix, cls in _drawn(_tree()):
        others = "".join(f" ({base.__name__})" for base in _other_bases(cls))
        retry = "  [retryable]" if cls.retryable else ""
        rows.append((f"{prefix}{cls.__name__}{others}", f"{headline(cls)}{retry}"))
    width = max(len(left) for left, _ in rows) + 2
    lines = [f"{left.ljust(width)}{right}" for left, right in rows]
    return "```text\n" + "\n".join(lines) + "\n```\n"


def _drawn(
    tree: list[tuple[int, type[UmkmLedgerError]]],
) -> list[tuple[str, type[UmkmLedgerError]]]:
    """Each class with the box-drawing prefix that shows its place in the tree."""
    drawn = []
    for index, (depth, cls) in enumerate(tree):
        if depth == 0:
            drawn.append(("", cls))
            continue
        parts = []
        for level in range(1, depth + 1):
            later = _has_later_sibling(tree, index, level)
            if level < depth:
                parts.append("│   " if later else "    ")
            else:
                parts.append("├── " if later else "└── ")
        drawn.append(("".join(parts), cls))
    return drawn


def _has_later_sibling(tree: list[tuple[int, type]], index: int, level: int) -> bool:
    """Whether the ancestor at ``level`` of row ``index`` (or the row itself) is followed
    by another row at that level before its parent's subtree ends."""
    for depth, _ in tree[index + 1 :]:
        if depth < level:
            return False
        if depth == level:
            return True
    return False


def business_rules() -> str:
    """Every business rule, ``- `ClassName`: the rule in words``, one line each."""
    rules = [cls for cls in error_classes() if issubclass(cls, BusinessRuleViolation)]
    return "".join(
        f"- `{cls.__name__}`: {cls.rule()}\n" for cls in rules if cls is not BusinessRuleViolation
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"


def _python(member: Enum) -> str:
    return f"`{type(member).__name__}.{member.name}`"


def instruments() -> str:
    """The instruments an allocation (and so a grant) can give, how a grant of each is
    given, each one's name under ``--lang id`` and in Python."""
    indonesian = Labels("id")
    rows = [
        [
            f"`{instrument.value}`",
            "items (`items`: description, quantity, unit value)"
            if instrument.in_items
            else "an amount (`cash`)",
            indonesian.named("instrument", instrument.value),
            _python(instrument),
        ]
        for instrument in Instrument
    ]
    return _table(["instrument", "a grant of it gives", "under `--lang id`", "in Python"], rows)


def funding_sources() -> str:
    """The sources of funds a funder is registered with, and each one in Python."""
    rows = [[f"`{source.value}`", _python(source)] for source in FundingSource]
    return _table(["source", "in Python"], rows)


def conditions() -> str:
    """What a monitoring visit can find aid doing, under ``--lang id`` and in Python."""
    indonesian = Labels("id")
    rows = [
        [f"`{condition.value}`", indonesian.term(condition.value), _python(condition)]
        for condition in UtilisationStatus
    ]
    return _table(["condition", "under `--lang id`", "in Python"], rows)


def correctable_fields() -> str:
    """Per record and event, the fields a correction may change (the effective date of
    every fact may be corrected too, and is not listed)."""
    rows = [
        [record, f"`{event}`", ", ".join(f"`{field}`" for field in sorted(fields))]
        for aggregate in AUDITED_RECORDS
        for record in [RECORD_KINDS[aggregate]]
        for event, fields in aggregate.CORRECTABLE.items()
        if fields
    ]
    return _table(["record", "event", "correctable fields"], rows)


def stored_event_types() -> str:
    """Per record, the stored name of each of its event types, and the topic earlier
    releases stored (still read)."""
    rows = [
        [f"`{t.name}`", ", ".join(f"`{former}`" for former in t.formerly)]
        for t in sorted(event_types().values(), key=lambda t: t.name)
        if t.name.count(".") == 2
    ]
    return _table(["stored type name", "also read: stored by releases before 2026-12"], rows)


def _layers() -> list[list[str]]:
    """The import contract's layers, top first (from the clone's pyproject.toml)."""
    config = tomllib.loads((_PACKAGE.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    return [re.split(r"\s*[:|]\s*", layer) for layer in contract["layers"]]


def _imports_between_parts() -> set[tuple[str, str]]:
    """(importer, imported) for every two top-level parts where one imports the other."""
    edges = set()
    for source in _PACKAGE.rglob("*.py"):
        part = source.relative_to(_PACKAGE).with_suffix("").parts[0]
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("umkm_ledger."):
                imported = node.module.split(".")[1]  # type: ignore[union-attr]
                if part not in (imported, "__init__"):
                    edges.add((part, imported))
    return edges


def _summary(part: str) -> str:
    module = importlib.import_module(f"umkm_ledger.{part}")
    words = " ".join((module.__doc__ or "").split()).replace("``", "`")
    return words.split(". ")[0].rstrip(".") + "."


def _reduced(edges: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """``edges`` without those another path implies (a imports c, c imports b: no a → b)."""

    def reaches(start: str, goal: str, skip: tuple[str, str]) -> bool:
        seen, todo = {start}, [start]
        while todo:
            node = todo.pop()
            for a, b in edges:
                if a == node and (a, b) != skip and b not in seen:
                    if b == goal:
                        return True
                    seen.add(b)
                    todo.append(b)
        return False

    return sorted(edge for edge in edges if not reaches(edge[0], edge[1], edge))


def context_map() -> str:
    """The parts of the package in their dependency order (each imports only parts below
    it, as the import contract in pyproject.toml requires): an arrow where a part imports
    another and no longer path implies it, then each layer and what its parts hold."""
    layers = _layers()
    lines = ["```mermaid", "flowchart TD"]
    for depth, layer in enumerate(layers):
        if len(layer) > 1:
            lines.append(f'    subgraph top{depth} [" "]')
            lines += [f"        {part}" for part in layer]
            lines.append("    end")
    lines += [f"    {a} --> {b}" for a, b in _reduced(_imports_between_parts())]
    lines.append("```")
    rows = [
        [str(depth + 1), ", ".join(f"`{p}`" for p in layer), " ".join(map(_summary, layer))]
        for depth, layer in enumerate(layers)
    ]
    return "\n".join(lines) + "\n\n" + _table(["layer", "parts", "what they hold"], rows)


def schema_files() -> dict[str, str]:
    """Every public event type's data schema at its current version, as the package
    ships it: file name (``<type>.v<N>.json``) -> text."""
    return {
        f"{t.name}.v{schema_version(t.name)}.json": json.dumps(
            data_schema(t), indent=2, ensure_ascii=False
        )
        + "\n"
        for t in public_event_types()
    }


#: Where the package keeps the feed's schemas (in a clone: under ``src``).
SCHEMA_FOLDER = _PACKAGE / "interchange" / "schemas"


def stale_schemas(folder: Path = SCHEMA_FOLDER) -> list[str]:
    """The schema files under ``folder`` that are missing or differ from the code's."""
    return [
        name
        for name, text in schema_files().items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]


def write_schemas(folder: Path = SCHEMA_FOLDER) -> list[str]:
    """Write the schema files that are missing or stale (files of earlier versions stay)."""
    stale = stale_schemas(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = schema_files()
    for name in stale:
        (folder / name).write_text(made[name], encoding="utf-8")
    return stale


def feed_types() -> str:
    """The public feed's event types: CloudEvents type, schema file, data fields."""
    rows = []
    for t in public_event_types():
        schema = data_schema(t)
        fields = ", ".join(f"`{f}`" for f in schema["properties"] if f != "envelope")
        rows.append(
            (f"`{feed_type(t.name)}`", f"`{t.name}.v{schema_version(t.name)}.json`", fields)
        )
    return _table(("CloudEvents type", "schema file", "data fields (and `envelope`)"), rows)


#: Which read command prints which read model with ``--format json`` (a list of them
#: where the command lists).
JSON_OUTPUT: tuple[tuple[str, str], ...] = (
    ("enterprise show", "{enterprise: EnterpriseView, history: [EventRecord]}"),
    ("enterprise list", "[EnterpriseView]"),
    ("enterprise timeline", "[TimelineEntry]"),
    ("group show", "{group: GroupView, history: [EventRecord]}"),
    ("group list", "[GroupView]"),
    ("program show", "ProgramView"),
    ("program list", "[ProgramView]"),
    ("allocation show", "AllocationView"),
    ("grant show", "{grant: GrantView, history: [EventRecord]}"),
    ("grant list", "[GrantRow]"),
    ("grant aid", "[AidRecord]"),
    ("grant history, history", "[HistoryStep]"),
    ("kur list", "[KurRow]"),
    ("mentoring show", "SessionView"),
    ("mentoring coverage", "CoverageReport"),
    ("training show", "TrainingView"),
    ("audit verify", "Verification, with ok and message"),
    ("audit check-bundle", "BundleCheck, with ok and message"),
)


def json_output() -> str:
    """Each read command's JSON, and the fields of each read model in it."""
    rows = [(f"`{command}`", f"`{shape}`") for command, shape in JSON_OUTPUT]
    parts = [_table(("command", "prints (`--format json`)"), rows)]
    models = sorted({name for _c, shape in JSON_OUTPUT for name in re.findall(r"[A-Z]\w+", shape)})
    for name in models:
        schema = read_model_schema(getattr(umkm_ledger, name))
        fields = [(f"`{field}`", _json_type(spec)) for field, spec in schema["properties"].items()]
        parts.append(
            f"\n#### {name}\n\n{schema.get('description', '')}\n\n"
            + _table(("field", "JSON"), fields)
        )
    return "\n".join(parts)


def _json_type(spec: Mapping[str, object]) -> str:
    """A field's JSON type in a word or two (``string (date)``, ``array of OwnerView``)."""
    if "$ref" in spec:
        return f"object `{str(spec['$ref']).rsplit('/', 1)[-1]}`"
    if "anyOf" in spec:
        options = spec["anyOf"]
        assert isinstance(options, list)
        return " or ".join(_json_type(option) for option in options)
    if "enum" in spec:
        values = spec["enum"]
        assert isinstance(values, list)
        return "one of " + ", ".join(f"`{v}`" for v in values)
    kind = spec.get("type", "any")
    if kind == "array" and "prefixItems" in spec:
        parts = spec["prefixItems"]
        assert isinstance(parts, list)
        return "array [" + ", ".join(_json_type(part) for part in parts) + "]"
    if kind == "array":
        items = spec.get("items", {})
        assert isinstance(items, Mapping)
        return f"array of {_json_type(items)}"
    if kind == "string" and "format" in spec:
        return f"string ({spec['format']})"
    if kind == "integer" and str(spec.get("description", "")).startswith("rupiah"):
        return "integer (rupiah)"
    return str(kind)


def roles() -> str:
    """The role table of the HTTP service: who each role is, and what it may do."""
    permissions = list(Permission)
    rows = [
        [f"`{role}`", str(ROLE_DUTIES[role]),
         *("yes" if permission in ROLES[role] else "" for permission in permissions)]
        for role in ROLES
    ]  # fmt: skip
    return _table(["role", "who", *(f"`{p.value}`" for p in permissions)], rows)


def dhis2_mapping_keys() -> str:
    """Every key of a DHIS2 mapping file, and what it holds."""
    return _table(("key", "holds"), [(f"`{key}`", text) for key, text in DHIS2_KEYS.items()])


def dhis2_period_types() -> str:
    """The DHIS2 period types the exporter writes: DHIS2's name and notation of each, and
    its period that holds 15 January 2020."""
    rows = [
        (f"`{kind.name}`", f"`{kind.iso_format}`", f"`{kind.example.label}`",
         f"{kind.example.start.isoformat()} to {kind.example.end.isoformat()}")
        for kind in DHIS2_PERIOD_TYPES.values()
    ]  # fmt: skip
    return _table(("period type", "notation", "holding 15 January 2020", "its days"), rows)


def iati_transactions() -> str:
    """Which IATI transaction type each movement of money or goods becomes, for the
    funder reporting and for the implementing office (:data:`TRANSACTION_TABLE`)."""

    def shown(kind: TransactionType | None, sign: int) -> str:
        if kind is None:
            return "not reported"
        return f"{kind.code} {kind.iati_name}" + (" (negative)" if sign < 0 else "")

    rows = [
        [
            f"`{row.movement.value}`",
            row.recorded_as,
            shown(row.by_funder, row.sign),
            shown(row.by_implementer, row.sign),
            "" if row.funds_key is None else f"`{row.funds_key}`",
        ]
        for row in TRANSACTION_TABLE
    ]
    return _table(
        ["movement", "what the ledger records", "the funder reports", "the office reports",
         "`FundsRow.iati()`"],
        rows,
    )  # fmt: skip


def iati_codes() -> str:
    """The IATI codes the ledger's own vocabularies become in an activity file."""
    rows = [
        *(["OrganisationType", f"a funder of `{source.value}`", code]
          for source, code in ORGANISATION_TYPES.items()),
        ["OrganisationType", "a group (KUB, sentra, koperasi) receiving aid", GROUP_TYPE],
        *(["FinanceType", f"aid as `{instrument.value}`", code]
          for instrument, code in FINANCE_TYPES.items()),
        *(["ActivityStatus", f"a program `{status.value}` on the as-of day", code]
          for status, code in ACTIVITY_STATUS.items()),
        *(["ActivityDateType", f"the program's {name}", code]
          for name, code in ACTIVITY_DATES.items()),
        *(["OrganisationRole", f"{name} organisation", code]
          for name, code in ORGANISATION_ROLES.items()),
        *(["LocationType", f"a {level.label} code", code]
          for level, code in FEATURE_DESIGNATIONS.items()),
        *(["ResultType", f"an indicator of kind `{kind}`", code]
          for kind, code in RESULT_TYPES.items()),
        *(["IndicatorMeasure", f"an indicator counting in `{unit}`", code]
          for unit, code in MEASURES.items()),
        ["SectorVocabulary", "the OECD DAC purpose code (default `32130`)", DAC_VOCABULARY],
        ["SectorVocabulary", "the binaan's KBLI codes", SECTOR_VOCABULARY],
    ]  # fmt: skip
    return _table(["IATI codelist", "for", "code"], [[f"`{a}`", b, f"`{c}`"] for a, b, c in rows])


#: Each generated section by name.
SECTIONS: Mapping[str, Callable[[], str]] = {
    "error-tree": error_tree,
    "business-rules": business_rules,
    "instruments": instruments,
    "funding-sources": funding_sources,
    "conditions": conditions,
    "correctable-fields": correctable_fields,
    "event-types": stored_event_types,
    "feed-types": feed_types,
    "json-output": json_output,
    "context-map": context_map,
    "roles": roles,
    "dhis2-mapping-keys": dhis2_mapping_keys,
    "dhis2-period-types": dhis2_period_types,
    "iati-transactions": iati_transactions,
    "iati-codes": iati_codes,
}

#: The pages (relative to the docs folder) and the sections each holds.
PAGES: Mapping[str, tuple[str, ...]] = {
    "reference/errors.md": ("error-tree", "business-rules"),
    "reference/values.md": ("instruments", "funding-sources", "conditions"),
    "how-to/record-a-correction.md": ("correctable-fields",),
    "reference/events.md": ("event-types",),
    "reference/feed.md": ("feed-types",),
    "reference/json-output.md": ("json-output",),
    "explanation/design.md": ("context-map",),
    "how-to/serve-the-ledger-over-http.md": ("roles",),
    "reference/dhis2-mapping.md": ("dhis2-mapping-keys", "dhis2-period-types"),
    "reference/iati.md": ("iati-transactions", "iati-codes"),
}


def _section(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?P<start><!-- reference:{re.escape(name)}\b[^\n]*-->\n)"
        rf"(?P<body>.*?)"
        rf"(?P<end><!-- /reference:{re.escape(name)} -->)",
        flags=re.DOTALL,
    )


def update_page(text: str, sections: Sequence[str]) -> str:
    """``text`` of a page with each of ``sections`` made anew from the code.

    A section whose markers are missing (or appear twice) is refused with
    ``ValueError``: the page would silently stop being checked.
    """
    for name in sections:
        pattern = _section(name)
        found = len(pattern.findall(text))
        if found != 1:
            raise ValueError(f"section {name!r}: {found} marked sections, expected 1")
        match = pattern.search(text)
        assert match is not None
        text = text[: match.start("body")] + SECTIONS[name]() + text[match.end("body") :]
    return text


def stale_sections(docs: Path) -> list[str]:
    """``page: section`` for every generated section under ``docs`` that differs from
    what the code makes now."""
    stale = []
    for page, sections in PAGES.items():
        text = (docs / page).read_text(encoding="utf-8")
        for name in sections:
            if update_page(text, [name]) != text:
                stale.append(f"{page}: {name}")
    return stale


def write_sections(docs: Path) -> list[str]:
    """Rewrite every generated section under ``docs``; the pages that changed."""
    changed = []
    for page, sections in PAGES.items():
        path = docs / page
        text = path.read_text(encoding="utf-8")
        made = update_page(text, sections)
        if made != text:
            path.write_text(made, encoding="utf-8")
            changed.append(page)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m umkm_ledger.reference [--check] [--docs DIR]``."""
    parser = argparse.ArgumentParser(
        prog="python -m umkm_ledger.reference",
        description="Write the documentation's reference tables from the code.",
    )
    parser.add_argument(
        "--docs", type=Path, default=Path("docs"), help="the docs folder (default: ./docs)"
    )
    parser.add_argument(
        "--check", action="store_true", help="change nothing; exit 1 if a table is stale"
    )
    arguments = parser.parse_args(argv)
    docs: Path = arguments.docs
    if not all((docs / page).is_file() for page in PAGES):
        parser.error(f"{docs} is not the docs folder of a clone of umkm_ledger")
    if arguments.check:
        stale = stale_sections(docs) + [f"schema {name}" for name in stale_schemas()]
        for section in stale:
            print(f"out of date: {section}")
        return 1 if stale else 0
    for page in write_sections(docs):
        print(f"rewrote {docs / page}")
    for name in write_schemas():
        print(f"wrote {SCHEMA_FOLDER / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
