"""The service's queries: ``GET`` resources answering with the JSON the command line's
``--format json`` prints for the same question (one shape per read model).

Personal data: a caller whose role has :attr:`Permission.PERSONAL` sees owners' names,
birth years and addresses as recorded (NIKs masked, as the command line shows them);
any other caller gets them as the feed gives them (left out, NIKs masked).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Annotated, Any

import attrs
from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse, Response

from umkm_ledger.access.roles import Permission
from umkm_ledger.funding.text import anomalies_json, funds_json
from umkm_ledger.interchange.iati.codes import DAC_SECTOR
from umkm_ledger.interchange.iati.organisations import named_values
from umkm_ledger.interchange.plain import PersonalData, PlainForm
from umkm_ledger.ledger import Ledger
from umkm_ledger.platform.history import HIDDEN
from umkm_ledger.platform.regions import region_name
from umkm_ledger.programs.text import progress_json
from umkm_ledger.server.auth import Caller, caller_of, requires
from umkm_ledger.server.language import labels_for
from umkm_ledger.server.openapi_notes import QUERY_RESPONSES

__all__ = ["add_queries"]

_SHOWN = PlainForm(PersonalData.FULL, niks_masked=True, region_names=region_name)
_HIDDEN = PlainForm(PersonalData.PSEUDONYMOUS, region_names=region_name)
#: The longest text a query parameter takes (ids, dates, names, codes).
_TEXT = 200
#: Most rows a listing answers with at once (page on with ``offset``).
MAX_LIMIT = 1000

Text = Annotated[str | None, Query(max_length=_TEXT)]
Reader = Annotated[Caller, Depends(requires(Permission.READ))]


def _form(caller: Caller) -> PlainForm:
    return _SHOWN if caller.may(Permission.PERSONAL) else _HIDDEN


def _answer(request: Request, caller: Caller, work: Callable[[Ledger], Any]) -> JSONResponse:
    """Run ``work`` on the ledger and answer with its result as plain JSON."""
    form = _form(caller)
    value = request.app.state.host.call(lambda ledger: form.value(work(ledger)))
    return JSONResponse(value)


def _with_history(
    request: Request, caller: Caller, kind: str, read: Callable[[Ledger], Any]
) -> JSONResponse:
    """A record's current state and its history, as ``show --format json`` prints them:
    ``{kind: ..., "history": [...]}``."""

    def work(ledger: Ledger) -> Any:
        view = read(ledger)
        history = ledger.history(view.id, personal=caller.may(Permission.PERSONAL))
        return {kind: view, "history": history}

    return _answer(request, caller, work)


def _page(ids: Any, offset: int, limit: int) -> list[Any]:
    return list(itertools.islice(ids, offset, offset + limit))


_READ: dict[str, Any] = {
    "responses": QUERY_RESPONSES, "openapi_extra": {"x-permission": Permission.READ.value},
}  # fmt: skip


def add_queries(app: FastAPI) -> None:
    _record_queries(app)
    _program_queries(app)
    _iati_query(app)
    _funding_queries(app)
    _audit_queries(app)
    _privacy_queries(app)


def _privacy_queries(app: FastAPI) -> None:
    kw = _READ

    @app.get("/erasures", tags=["privacy"], **kw)
    def erasures(request: Request, caller: Reader) -> JSONResponse:
        """Every erasure of personal data: ground, status, who asked and who decided
        (never a NIK: a person is named by their key store id)."""
        return _answer(request, caller, lambda ledger: ledger.erasures())

    @app.get("/erasures/{erasure_id}", tags=["privacy"], **kw)
    def erasure(request: Request, caller: Reader, erasure_id: str) -> JSONResponse:
        """One erasure and its history."""
        return _with_history(request, caller, "erasure", lambda ledger: ledger.erasure(erasure_id))


def _record_queries(app: FastAPI) -> None:
    kw = _READ

    @app.get("/me", tags=["access"], responses=QUERY_RESPONSES)
    def me(request: Request) -> JSONResponse:
        """The token this request came with: who acts, in which role, until when."""
        caller = caller_of(request)
        return JSONResponse(_HIDDEN.value(caller.token))

    @app.get("/enterprises", tags=["enterprises"], **kw)
    def enterprises(
        request: Request,
        caller: Reader,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
        provinsi: Text = None,
        kabupaten: Text = None,
        kecamatan: Text = None,
        desa: Text = None,
    ) -> JSONResponse:
        """Enterprises in the order they were registered, a page at a time; with
        ``provinsi``, ``kabupaten``, ``kecamatan`` or ``desa`` (a code, or a name of that
        level: ``kecamatan=Madang Suku III``), those whose desa lies there. A name no
        region of that level has, or several have, is refused (422) with the close names
        or the candidates' codes."""
        regions = {"provinsi": provinsi, "kabupaten": kabupaten, "kecamatan": kecamatan,
                   "desa": desa}  # fmt: skip
        if not any(regions.values()):
            return _answer(request, caller, lambda ledger: [
                ledger.enterprise(i) for i in _page(ledger.enterprise_ids(), offset, limit)
            ])  # fmt: skip
        return _answer(request, caller, lambda ledger: ledger.enterprises(**regions)[
            offset : offset + limit
        ])  # fmt: skip

    @app.get("/enterprises/{enterprise_id}", tags=["enterprises"], **kw)
    def enterprise(request: Request, caller: Reader, enterprise_id: str) -> JSONResponse:
        """One enterprise's current state and its history."""
        return _with_history(
            request, caller, "enterprise", lambda ledger: ledger.enterprise(enterprise_id)
        )

    @app.get("/enterprises/{enterprise_id}/timeline", tags=["enterprises"], **kw)
    def timeline(request: Request, caller: Reader, enterprise_id: str) -> JSONResponse:
        """Everything that happened to one enterprise, across all records, by date."""
        personal = caller.may(Permission.PERSONAL)
        return _answer(
            request, caller, lambda ledger: ledger.timeline(enterprise_id, personal=personal)
        )

    @app.get("/groups/{group_id}", tags=["enterprises"], **kw)
    def group(request: Request, caller: Reader, group_id: str) -> JSONResponse:
        """A group (KUB, sentra, koperasi): its members and its history."""
        return _with_history(request, caller, "group", lambda ledger: ledger.group(group_id))

    @app.get("/trainings/{training_id}", tags=["activity"], **kw)
    def training(request: Request, caller: Reader, training_id: str) -> JSONResponse:
        """A Bimtek: its days, participants, attendance and completions."""
        return _answer(request, caller, lambda ledger: ledger.training(training_id))

    @app.get("/exhibitions/{exhibition_id}", tags=["activity"], **kw)
    def exhibition(request: Request, caller: Reader, exhibition_id: str) -> JSONResponse:
        """An exhibition: its days and the enterprises that took part, with their sales."""
        return _answer(request, caller, lambda ledger: ledger.exhibition(exhibition_id))

    @app.get("/mentoring-sessions/{session_id}", tags=["activity"], **kw)
    def mentoring(request: Request, caller: Reader, session_id: str) -> JSONResponse:
        """A mentoring session: who, when, for whom, and its follow-ups."""
        return _answer(request, caller, lambda ledger: ledger.mentoring_session(session_id))


def _program_queries(app: FastAPI) -> None:
    kw = _READ

    @app.get("/programs", tags=["programs"], **kw)
    def programs(request: Request, caller: Reader) -> JSONResponse:
        """Every program."""
        return _answer(
            request, caller, lambda ledger: [ledger.program(i) for i in ledger.program_ids()]
        )

    @app.get("/programs/{program_id}", tags=["programs"], **kw)
    def program(request: Request, caller: Reader, program_id: str) -> JSONResponse:
        """One program: its scope, period, indicators and targets."""
        return _answer(request, caller, lambda ledger: ledger.program(program_id))

    @app.get("/programs/{program_id}/progress", tags=["programs"], **kw)
    def progress(
        request: Request, caller: Reader, program_id: str, as_of: Text = None, by: Text = None
    ) -> JSONResponse:
        """A program's progress against its targets, as of a date, optionally by region
        or by sex (``by``)."""
        return _answer(request, caller, lambda ledger: json.loads(
            progress_json(ledger.progress(program_id, as_of=as_of, by=by))
        ))  # fmt: skip


Named = Annotated[list[str] | None, Query(max_length=100, description="NAME=VALUE (repeat)")]


def _iati_query(app: FastAPI) -> None:
    @app.get(
        "/programs/{program_id}/iati", tags=["programs"], response_class=Response,
        responses={200: {"content": {"application/xml": {}},
                         "description": "An IATI 2.03 activity file"}, **QUERY_RESPONSES},
        openapi_extra={"x-permission": Permission.READ.value},
    )  # fmt: skip
    def iati(
        request: Request,
        caller: Reader,
        program_id: str,
        reporting_org: Annotated[str, Query(max_length=_TEXT)],
        reporting_org_type: Text = None,
        reporting_org_name: Text = None,
        as_funder: Text = None,
        org: Named = None,
        org_type: Named = None,
        by_region: Text = None,
        dac_sector: Annotated[str, Query(max_length=_TEXT)] = DAC_SECTOR,
        as_of: Text = None,
        generated_at: Text = None,
    ) -> Response:
        """A program's IATI 2.03 activity file (XML), as ``umkm-ledger iati`` writes it:
        reported by its office, or ``as_funder``; texts in the request's language
        (``?lang=id``). ``org`` and ``org_type`` give organisations' IATI identifiers and
        types as ``NAME=VALUE``. No personal data is in it, whoever asks."""
        language = labels_for(request).language
        made = request.app.state.host.call(lambda ledger: ledger.iati(
            program_id, reporting_org=reporting_org, reporting_org_type=reporting_org_type,
            reporting_org_name=reporting_org_name, as_funder=as_funder,
            org_refs=named_values(org or [], "org"),
            org_types=named_values(org_type or [], "org_type"), by_region=by_region,
            dac_sector=dac_sector, language=language, as_of=as_of, generated_at=generated_at,
        ))  # fmt: skip
        return Response(made.xml, media_type="application/xml")


def _funding_queries(app: FastAPI) -> None:
    kw = _READ

    @app.get("/funders/{funder}", tags=["funding"], **kw)
    def funder(request: Request, caller: Reader, funder: str) -> JSONResponse:
        """A funder, by its name or id."""
        return _answer(request, caller, lambda ledger: ledger.funder(funder))

    @app.get("/allocations/{allocation_id}", tags=["funding"], **kw)
    def allocation(request: Request, caller: Reader, allocation_id: str) -> JSONResponse:
        """An allocation: amount, committed, remaining, released."""
        return _answer(request, caller, lambda ledger: ledger.allocation(allocation_id))

    @app.get("/grants", tags=["funding"], **kw)
    def grants(
        request: Request,
        caller: Reader,
        program_id: Text = None,
        beneficiary_id: Text = None,
        status: Text = None,
    ) -> JSONResponse:
        """Grants, optionally of one program, beneficiary or status."""
        return _answer(request, caller, lambda ledger: ledger.grants(
            program_id=program_id, beneficiary_id=beneficiary_id, status=status
        ))  # fmt: skip

    @app.get("/grants/{grant_id}", tags=["funding"], **kw)
    def grant(request: Request, caller: Reader, grant_id: str) -> JSONResponse:
        """A grant's current state and its history (proposal, approval, BAST handovers)."""
        return _with_history(request, caller, "grant", lambda ledger: ledger.grant(grant_id))

    @app.get("/funds", tags=["funding"], **kw)
    def funds(
        request: Request,
        caller: Reader,
        funder: Text = None,
        program_id: Text = None,
        fiscal_year: Annotated[int | None, Query(ge=1900, le=2200)] = None,
        instrument: Text = None,
        by: Text = None,
        as_of: Text = None,
    ) -> JSONResponse:
        """The funding ledger: allocated, pledged, committed, delivered, released, remaining."""
        return _answer(request, caller, lambda ledger: funds_json(ledger.funds(
            funder=funder, program_id=program_id, fiscal_year=fiscal_year,
            instrument=instrument, by=by, as_of=as_of,
        )))  # fmt: skip

    @app.get("/anomalies", tags=["funding"], **kw)
    def anomalies(
        request: Request,
        caller: Reader,
        as_of: Text = None,
        days: Annotated[int, Query(ge=0, le=3650)] = 30,
    ) -> JSONResponse:
        """What an auditor should look at in the funding records."""
        return _answer(request, caller, lambda ledger: anomalies_json(
            ledger.anomalies(as_of=as_of, unacknowledged_after_days=days)
        ))  # fmt: skip


def _audit_queries(app: FastAPI) -> None:
    kw = _READ

    @app.get("/records/{record_id}/history", tags=["audit"], **kw)
    def history(request: Request, caller: Reader, record_id: str) -> JSONResponse:
        """Every event of one record, with its envelope (who, when, why)."""
        personal = caller.may(Permission.PERSONAL)
        return _answer(request, caller, lambda ledger: ledger.history(record_id, personal=personal))

    @app.get("/audit/trail", tags=["audit"], **kw)
    def trail(
        request: Request,
        caller: Reader,
        actor: Text = None,
        role: Text = None,
        funder: Text = None,
        program_id: Text = None,
        period: Text = None,
        kind: Text = None,
        record_id: Text = None,
    ) -> JSONResponse:
        """Who recorded what, when and why, filtered. Command ids (callers may build them
        of personal data) only for roles that may see personal data."""
        personal = caller.may(Permission.PERSONAL)

        def work(ledger: Ledger) -> Any:
            rows = ledger.audit_trail(
                actor=actor, role=role, funder=funder, program_id=program_id, period=period,
                kind=kind, record_id=record_id,
            )  # fmt: skip
            return rows if personal else [attrs.evolve(r, command_id=HIDDEN) for r in rows]

        return _answer(request, caller, work)

    @app.get(
        "/audit/verify", tags=["audit"], responses=QUERY_RESPONSES,
        openapi_extra={"x-permission": Permission.VERIFY.value},
    )  # fmt: skip
    def verify(
        request: Request, caller: Annotated[Caller, Depends(requires(Permission.VERIFY))]
    ) -> JSONResponse:
        """Recompute the log's Merkle tree and fold every view afresh: whether the log is
        intact and every view agrees with it (as ``audit verify --format json``)."""

        def work(ledger: Ledger) -> Any:
            result = ledger.verify()
            return {"ok": result.ok, **_HIDDEN.value(result), "message": str(result.message())}

        return JSONResponse(request.app.state.host.aside(work))
