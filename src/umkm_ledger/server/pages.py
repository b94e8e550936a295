"""Pages people look at: server-rendered HTML, read-only, in Bahasa Indonesia
(``?lang=id``, or the browser's language) or English, for the same roles as the API.

An official signs in once at ``/login`` with their token (kept in an HttpOnly,
SameSite=Strict cookie: pages only read, and no other site can make a browser send it);
``/logout`` forgets it. The pages: the programs (``/pages``), a program's progress
against its targets with its chart and per-region table, an enterprise's timeline, a
grant's history with its BAST handovers, the anomalies and the funding ledger. Each
links to the others.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from html import escape
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import HTMLResponse, Response

from umkm_ledger.access.roles import Permission
from umkm_ledger.funding.readmodels import GrantView
from umkm_ledger.i18n.labels import Labels
from umkm_ledger.kernel.errors import (
    N_,
    ConfigurationError,
    InvalidValue,
    NotFound,
    UmkmLedgerError,
)
from umkm_ledger.ledger import Ledger
from umkm_ledger.programs.indicator import DIMENSIONS
from umkm_ledger.programs.progress import ProgramProgress
from umkm_ledger.programs.text import row_label, write_chart
from umkm_ledger.server.auth import Caller, requires
from umkm_ledger.server.html import (
    PAGE_HEADERS,
    Html,
    bar,
    heading,
    link,
    page,
    paragraph,
    table,
    text,
)
from umkm_ledger.server.language import labels_for
from umkm_ledger.server.sign_in import add_sign_in

__all__ = ["add_pages"]

Viewer = Annotated[Caller, Depends(requires(Permission.READ, cookie=True))]
Text = Annotated[str | None, Query(max_length=200)]
_FUND_COLUMNS = ("allocated", "pledged", "committed", "delivered", "released", "remaining")


def _nav(labels: Labels, request: Request | None = None) -> list[Html]:
    lang = labels.language
    other = "en" if lang == "id" else "id"
    here = {} if request is None else dict(request.query_params)
    path = "/pages" if request is None else request.url.path
    return [
        link("/pages", labels.text(N_("Programs")), lang=lang),
        link("/pages/funds", labels.text(N_("Funding ledger")), lang=lang),
        link("/pages/anomalies", labels.text(N_("Anomalies")), lang=lang),
        link(path, "English" if other == "en" else "Bahasa Indonesia", **{**here, "lang": other}),
        link("/logout", labels.text(N_("Sign out"))),
    ]


def _html(request: Request, title: Callable[[Labels], str],
          body: Callable[[Ledger, Labels], Iterator[str]]) -> Response:  # fmt: skip
    labels = labels_for(request)
    try:
        parts = request.app.state.host.call(lambda ledger: list(body(ledger, labels)))
    except UmkmLedgerError as error:
        status = 404 if isinstance(error, NotFound) else 422
        shown = page(labels.text(N_("Not shown")), [paragraph(labels.text(error.message))],
                     lang=labels.language, nav=_nav(labels))  # fmt: skip
        return HTMLResponse(shown, status_code=status, headers=PAGE_HEADERS)
    shown = page(title(labels), parts, lang=labels.language, nav=_nav(labels, request))
    return HTMLResponse(shown, headers=PAGE_HEADERS)


def _money(value: Any, labels: Labels) -> str:
    return str(value.format(labels.locale))


def _progress_parts(result: ProgramProgress, labels: Labels) -> Iterator[str]:
    lang = labels.language
    yield paragraph(f"{result.agency} · {labels['period']}: {result.period.label} · "
                    f"{labels['as_of']}: {result.as_of.isoformat()}")  # fmt: skip
    if any(i.cells for i in result.indicators):
        day = result.as_of.isoformat()
        source = escape(f"/pages/programs/{result.program_id}/chart.svg?as_of={day}&lang={lang}")
        alt = escape(labels.text(N_("chart")))
        yield Html(f'<p><img src="{source}" alt="{alt}" style="max-width:100%"></p>')
    rows = [
        (i.title, labels.number(i.actual), "" if i.target is None else labels.number(i.target),
         bar(i.percent), "" if i.percent is None else labels.percent(i.percent / 100))
        for i in result.indicators
    ]  # fmt: skip
    yield table([labels.text(N_("Indicator")), labels["actual"], labels["target"], "", "%"],
                rows, numeric=(1, 2, 4))  # fmt: skip
    choices = [link(f"/pages/programs/{result.program_id}", labels.term(d), by=d, lang=lang)
               for d in DIMENSIONS]  # fmt: skip
    yield Html("<p>" + text(labels.text(N_("Break down by"))) + ": " + " · ".join(choices) + "</p>")
    for indicator in result.indicators:
        if indicator.by is None or not indicator.rows:
            continue
        yield heading(2, f"{indicator.title}: {labels['by']} {labels.term(indicator.by)}")
        yield table(
            [labels.term(indicator.by), labels["actual"], labels["target"], "", "%"],
            [(row_label(r, labels), labels.number(r.actual),
              "" if r.target is None else labels.number(r.target), bar(r.percent),
              "" if r.percent is None else labels.percent(r.percent / 100))
             for r in indicator.rows],
            numeric=(1, 2, 4),
        )  # fmt: skip


def _beneficiary_links(ledger: Ledger, view: GrantView, labels: Labels) -> list[Html]:
    """Links to the enterprise a grant went to, or to each member of its group."""
    lang = labels.language
    if view.beneficiary_kind == "enterprise":
        return [link(f"/pages/enterprises/{view.beneficiary_id}",
                     labels.text(N_("Beneficiary")), lang=lang)]  # fmt: skip
    group = ledger.group(view.beneficiary_id)
    members = [
        link(f"/pages/enterprises/{member}", ledger.enterprise(member).name, lang=lang)
        for member in view.members
    ]
    return [text(labels.text(N_("Group {name}, members:", name=group.name))), *members]


def add_pages(app: FastAPI) -> None:
    add_sign_in(app)
    _program_pages(app)
    _record_pages(app)
    _funding_pages(app)


def _program_pages(app: FastAPI) -> None:
    @app.get("/pages", include_in_schema=False)
    def programs(request: Request, caller: Viewer) -> Response:
        def body(ledger: Ledger, labels: Labels) -> Iterator[str]:
            lang = labels.language
            rows = [
                (link(f"/pages/programs/{v.id}", v.name, lang=lang), v.agency, v.period.label,
                 labels.term(v.status.value))
                for v in (ledger.program(i) for i in ledger.program_ids())
            ]  # fmt: skip
            yield table([labels["program"], labels.text(N_("Agency")), labels["period"],
                         labels["status"]], rows)  # fmt: skip
            yield paragraph(labels.text(N_("Signed in as {actor}", actor=caller.actor)),
                            muted=True)  # fmt: skip

        return _html(request, lambda labels: labels.text(N_("Programs")), body)

    @app.get("/pages/programs/{program_id}", include_in_schema=False)
    def progress(request: Request, caller: Viewer, program_id: str, as_of: Text = None,
                 by: Text = "kecamatan") -> Response:  # fmt: skip
        name: list[str] = []

        def body(ledger: Ledger, labels: Labels) -> Iterator[str]:
            result = ledger.progress(program_id, as_of=as_of, by=by or None)
            name.append(result.name)
            yield from _progress_parts(result, labels)
            grants = ledger.grants(program_id=program_id)
            if grants:
                yield heading(2, labels.text(N_("Grants")))
                yield table(
                    [labels.text(N_("Grant")), labels["funder"], labels["status"],
                     labels.text(N_("Value")), labels.text(N_("Beneficiary"))],
                    [(link(f"/pages/grants/{g.grant_id}", str(g.grant_id)[:8],
                           lang=labels.language), g.funder, labels.term(g.status),
                      _money(g.value, labels),
                      link(f"/pages/enterprises/{g.beneficiary_id}", str(g.beneficiary_id)[:8],
                           lang=labels.language)
                      if g.beneficiary_kind == "enterprise" else str(g.beneficiary_id)[:8])
                     for g in grants],
                    numeric=(3,),
                )  # fmt: skip

        def title(labels: Labels) -> str:
            return name[0] if name else labels["program"]

        return _html(request, title, body)

    @app.get("/pages/programs/{program_id}/chart.svg", include_in_schema=False)
    def chart(request: Request, caller: Viewer, program_id: str, as_of: Text = None) -> Response:
        labels = labels_for(request)

        def draw(ledger: Ledger) -> bytes:
            result = ledger.progress(program_id, as_of=as_of)
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / "chart.svg"
                write_chart(result, path, labels)
                return path.read_bytes()

        try:
            svg = request.app.state.host.call(draw)
        except (ConfigurationError, InvalidValue, NotFound):
            return Response(status_code=404)
        return Response(svg, media_type="image/svg+xml", headers=PAGE_HEADERS)


def _record_pages(app: FastAPI) -> None:
    @app.get("/pages/enterprises/{enterprise_id}", include_in_schema=False)
    def enterprise(request: Request, caller: Viewer, enterprise_id: str) -> Response:
        name: list[str] = []

        def body(ledger: Ledger, labels: Labels) -> Iterator[str]:
            view = ledger.enterprise(enterprise_id)
            name.append(view.name)
            size = labels.term(view.size_class.value) if view.size_class else "-"
            size_word = labels.text(N_("Size class"))
            desa = labels.place(view.desa)
            yield paragraph(f"{labels['status']}: {labels.term(view.status.value)} · "
                            f"{size_word}: {size} · {labels['desa']}: {desa}")  # fmt: skip
            rows = []
            personal = caller.may(Permission.PERSONAL)
            for entry in ledger.timeline(enterprise_id, locale=labels.locale, personal=personal):
                record = entry.event.aggregate_id
                shown: object = labels.named("record", entry.record)
                if entry.record == "grant":
                    shown = link(f"/pages/grants/{record}", shown, lang=labels.language)
                rows.append((entry.on.isoformat(), shown, labels.text(entry.event.summary),
                             f"{entry.event.user_id}@{entry.event.role}"))  # fmt: skip
            yield table([labels.text(N_("Date")), labels.text(N_("Record")),
                         labels.text(N_("What happened")), labels.text(N_("Recorded by"))],
                        rows)  # fmt: skip

        return _html(request, lambda labels: name[0] if name else labels["enterprise"], body)

    @app.get("/pages/grants/{grant_id}", include_in_schema=False)
    def grant(request: Request, caller: Viewer, grant_id: str) -> Response:
        def body(ledger: Ledger, labels: Labels) -> Iterator[str]:
            view = ledger.grant(grant_id)
            lang = labels.language
            value_word = labels.text(N_("Value"))
            yield paragraph(
                f"{labels['funder']}: {view.funder} {view.fiscal_year} · "
                f"{labels['status']}: {labels.term(view.status.value)} · "
                f"{value_word}: {_money(view.value, labels)} · "
                f"{labels['delivered']}: {_money(view.delivered, labels)}"
            )
            yield Html("<p>" + " · ".join([
                link(f"/pages/programs/{view.program_id}", labels["program"], lang=lang),
                *_beneficiary_links(ledger, view, labels),
            ]) + "</p>")  # fmt: skip
            yield heading(2, labels.text(N_("BAST handovers")))
            yield table(
                ["BAST", labels.text(N_("Date")), labels.text(N_("Value")),
                 labels.text(N_("Acknowledged"))],
                [(h.bast_number, h.handed_over_on.isoformat(), _money(h.value, labels),
                  labels.text(N_("yes")) if h.acknowledged else labels.text(N_("no")))
                 for h in view.handovers],
                numeric=(2,),
            )  # fmt: skip
            yield heading(2, labels.text(N_("History")))
            yield table(
                ["v", labels.text(N_("Effective")), labels.text(N_("What happened")),
                 labels.text(N_("Recorded by")), labels.text(N_("Reason"))],
                [(r.version, r.effective_date.isoformat(), labels.text(r.summary),
                  f"{r.user_id}@{r.role}", r.reason or "")
                 for r in ledger.history(view.id, locale=labels.locale,
                                         personal=caller.may(Permission.PERSONAL))],
            )  # fmt: skip

        return _html(request, lambda labels: labels.text(N_("Grant {id}", id=grant_id[:8])),
                     body)  # fmt: skip


def _funding_pages(app: FastAPI) -> None:
    @app.get("/pages/anomalies", include_in_schema=False)
    def anomalies(request: Request, caller: Viewer, as_of: Text = None) -> Response:
        def body(ledger: Ledger, labels: Labels) -> Iterator[str]:
            found = ledger.anomalies(as_of=as_of)
            if not found:
                yield paragraph(labels["no_anomalies"])
                return
            yield table(
                [labels.text(N_("Date")), labels.text(N_("Kind")), labels.text(N_("Grant")),
                 labels.text(N_("Detail"))],
                [(a.on.isoformat(), labels.term(a.kind),
                  link(f"/pages/grants/{a.grant_id}", str(a.grant_id)[:8], lang=labels.language),
                  labels.text(a.detail))
                 for a in found],
            )  # fmt: skip

        return _html(request, lambda labels: labels.text(N_("Anomalies")), body)

    @app.get("/pages/funds", include_in_schema=False)
    def funds(request: Request, caller: Viewer, as_of: Text = None) -> Response:
        def body(ledger: Ledger, labels: Labels) -> Iterator[str]:
            report = ledger.funds(as_of=as_of)
            lang = labels.language
            rows = []
            for row in (*report.rows, report.total):
                if row is report.total:
                    who: object = labels["total"]
                elif row.program_id is not None:
                    who = link(f"/pages/programs/{row.program_id}", row.funder, lang=lang)
                else:
                    who = row.funder
                year = "" if row.fiscal_year is None else str(row.fiscal_year)
                kind = labels.named("instrument", row.instrument) if row.instrument else ""
                money = [_money(getattr(row, c), labels) for c in _FUND_COLUMNS]
                rows.append((who, year, kind, *money))
            yield table([labels["funder"], labels["year"], labels["instrument"],
                         *(labels[c] for c in _FUND_COLUMNS)], rows,
                        numeric=(3, 4, 5, 6, 7, 8))  # fmt: skip

        return _html(request, lambda labels: labels.text(N_("Funding ledger")), body)
