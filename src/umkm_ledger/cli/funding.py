"""``umkm-ledger funder|allocation|grant ...``, ``funds`` and ``anomalies``: the money side."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import click

from umkm_ledger.cli.audit import print_history
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import FunderRef, RecordId
from umkm_ledger.cli.output import emitted, format_option, json_text
from umkm_ledger.cli.recorded import recording
from umkm_ledger.enterprises.text import render_timeline
from umkm_ledger.funding.lifecycle import GrantStatus
from umkm_ledger.funding.text import (
    anomalies_json,
    funds_json,
    render_aid_history,
    render_anomalies,
    render_funds,
    render_grant,
)
from umkm_ledger.funding.values import FundingSource, Instrument, UtilisationStatus
from umkm_ledger.kernel.errors import N_, InvalidValue
from umkm_ledger.kernel.values.bounds import number_from_text

__all__ = ["allocation", "anomalies", "funder", "funds", "grant", "kur"]

_effective = click.option("--effective-date", default=None, help="When it happened (YYYY-MM-DD).")
_command_id = click.option("--command-id", default=None, help="Idempotency key.")
_format = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)


def _items(texts: tuple[str, ...], option: str, priced: bool) -> list[dict[str, Any]]:
    """``QUANTITY:DESCRIPTION[:UNIT VALUE]`` (``5:alat tenun songket:Rp3.000.000``)."""
    items: list[dict[str, Any]] = []
    for index, text in enumerate(texts):
        parts = text.split(":")
        expected = 3 if priced else 2
        count = parts[0].strip()
        if len(parts) != expected or not (count.isascii() and count.isdigit()):
            form = "QUANTITY:DESCRIPTION:UNIT_VALUE" if priced else "QUANTITY:DESCRIPTION"
            raise InvalidValue(f"{option}[{index}]", text, N_("must look like {form}", form=form))
        quantity = number_from_text(count, f"{option}[{index}].quantity")
        item: dict[str, Any] = {"description": parts[1], "quantity": quantity}
        if priced:
            item["unit_value"] = parts[2]
        items.append(item)
    return items


@click.group()
def funder() -> None:
    """Funders: who pays for aid."""


@funder.command("register")
@click.option("--name", required=True)
@click.option(
    "--source", required=True, type=click.Choice([s.value for s in FundingSource]),
    help="Where the money comes from.",
)  # fmt: skip
@_effective
@_command_id
@pass_cli
@recording
def register_funder(
    cli: CliContext, name: str, source: str, effective_date: str | None, command_id: str | None
) -> UUID:
    """Register a funder."""
    return cli.ledger.register_funder(
        name, source=source, effective_date=effective_date, command_id=command_id
    )


@click.group()
def allocation() -> None:
    """Allocations: a funder's money for a program, fiscal year and instrument."""


@allocation.command("post")
@click.option(
    "--funder", "funder_name", type=FunderRef(), required=True, help="Its name or its id."
)
@click.option("--program", "program_id", type=RecordId("program"), required=True)
@click.option("--year", type=int, required=True, help="Fiscal year.")
@click.option("--instrument", required=True, type=click.Choice([i.value for i in Instrument]))
@click.option("--amount", required=True, help="Rp200.000.000, 200 juta, ...")
@click.option("--pledge", is_flag=True, help="Only promised (a CSR pledge), not posted.")
@_effective
@_command_id
@pass_cli
@recording
def post(
    cli: CliContext,
    funder_name: str,
    program_id: str,
    year: int,
    instrument: str,
    amount: str,
    pledge: bool,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Post (or, with --pledge, record the promise of) funds."""
    record = cli.ledger.pledge if pledge else cli.ledger.allocate
    return record(
        funder_name, program_id, fiscal_year=year, instrument=instrument, amount=amount,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@allocation.command("confirm")
@click.argument("allocation_id", type=RecordId("allocation"))
@click.option("--amount", default=None, help="The posted amount, if not the pledged one.")
@_effective
@_command_id
@pass_cli
@recording
def confirm(
    cli: CliContext,
    allocation_id: str,
    amount: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Post a pledge in the budget: grants against it can then be approved."""
    return cli.ledger.post_allocation(
        allocation_id, amount=amount, effective_date=effective_date, command_id=command_id
    )


@allocation.command("amend")
@click.argument("allocation_id", type=RecordId("allocation"))
@click.option("--amount", required=True)
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def amend(
    cli: CliContext,
    allocation_id: str,
    amount: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Change an allocation's amount (a budget revision), never below what is committed."""
    return cli.ledger.amend_allocation(
        allocation_id, amount=amount, reason=reason, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@allocation.command("show")
@click.argument("allocation_id", type=RecordId("allocation"))
@format_option("json")
@pass_cli
def show_allocation(cli: CliContext, allocation_id: str, fmt: str) -> None:
    """Print an allocation's amount, committed, remaining and released."""
    view = cli.existing_ledger.allocation(allocation_id)
    if fmt == "json":
        click.echo(json_text(view))
        return
    labels = cli.labels
    locale = labels.locale
    click.echo(
        f"{view.funder} {view.fiscal_year} {labels.named('instrument', view.instrument.value)} "
        f"[{labels.term(view.status.value)}]: {view.amount.format(locale)}; "
        f"{labels['committed'].lower()} {view.committed.format(locale)}, "
        f"{labels['remaining'].lower()} {view.remaining.format(locale)}, "
        f"{labels['released'].lower()} {view.released.format(locale)}"
    )


@click.group()
def grant() -> None:
    """Grants of aid: propose, check, decide, hand over, follow up."""


@grant.command("propose")
@click.option("--allocation", "allocation_id", type=RecordId("allocation"), required=True)
@click.option(
    "--beneficiary", "beneficiary_id", type=RecordId("enterprise", "group"), required=True,
    help="Enterprise or group id.",
)  # fmt: skip
@click.option(
    "--item", "items", multiple=True,
    help="QUANTITY:DESCRIPTION:UNIT_VALUE (repeat), for goods and loans in kind.",
)  # fmt: skip
@click.option("--cash", default=None, help="The amount, for cash instruments.")
@click.option("--justification", required=True)
@_effective
@_command_id
@pass_cli
@recording
def propose(
    cli: CliContext,
    allocation_id: str,
    beneficiary_id: str,
    items: tuple[str, ...],
    cash: str | None,
    justification: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Propose a grant."""
    return cli.ledger.propose_grant(
        allocation_id, beneficiary_id, items=_items(items, "--item", priced=True), cash=cash,
        justification=justification, effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("check")
@click.argument("grant_id", type=RecordId("grant"))
@_effective
@_command_id
@pass_cli
@recording
def check(
    cli: CliContext, grant_id: str, effective_date: str | None, command_id: str | None
) -> UUID:
    """Check eligibility and record the outcome."""
    return cli.ledger.check_eligibility(
        grant_id, effective_date=effective_date, command_id=command_id
    )


@grant.command("approve")
@click.argument("grant_id", type=RecordId("grant"))
@_effective
@_command_id
@pass_cli
@recording
def approve(
    cli: CliContext, grant_id: str, effective_date: str | None, command_id: str | None
) -> UUID:
    """Approve a grant (not its proposer): its value is committed on the allocation."""
    return cli.ledger.approve_grant(grant_id, effective_date=effective_date, command_id=command_id)


@grant.command("reject")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def reject(
    cli: CliContext,
    grant_id: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Reject a grant (not its proposer)."""
    return cli.ledger.reject_grant(
        grant_id, reason=reason, effective_date=effective_date, command_id=command_id
    )


@grant.command("hand-over")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--bast", "bast_number", required=True, help="The BAST's number.")
@click.option("--place", required=True)
@click.option("--item", "items", multiple=True, help="QUANTITY:DESCRIPTION (repeat).")
@click.option("--cash", default=None, help="The amount paid, for cash grants.")
@click.option("--witness", "witnesses", multiple=True, help="A witness's name (repeat).")
@_effective
@_command_id
@pass_cli
@recording
def hand_over(
    cli: CliContext,
    grant_id: str,
    bast_number: str,
    place: str,
    items: tuple[str, ...],
    cash: str | None,
    witnesses: tuple[str, ...],
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record a handover (all or part of the grant) with its BAST."""
    return cli.ledger.hand_over(
        grant_id, bast_number=bast_number, place=place,
        items=_items(items, "--item", priced=False), cash=cash, witnesses=list(witnesses),
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("acknowledge")
@click.argument("grant_id", type=RecordId("grant"))
@click.argument("bast_number")
@click.option("--recipient", required=True)
@_effective
@_command_id
@pass_cli
@recording
def acknowledge(
    cli: CliContext,
    grant_id: str,
    bast_number: str,
    recipient: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """The recipient acknowledged a handover."""
    return cli.ledger.acknowledge_handover(
        grant_id, bast_number, recipient=recipient, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@grant.command("monitor")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--condition", required=True, type=click.Choice([c.value for c in UtilisationStatus]))
@click.option("--seen-by", default=None, help="Who saw it (default: the actor).")
@click.option("--note", default="")
@_effective
@_command_id
@pass_cli
@recording
def monitor(
    cli: CliContext,
    grant_id: str,
    condition: str,
    seen_by: str | None,
    note: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record what a monitoring visit found the aid doing."""
    return cli.ledger.monitor_grant(
        grant_id, condition=condition, seen_by=seen_by, note=note,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("cancel")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--reason", required=True)
@click.option("--revoke", is_flag=True, help="Revoke an approved grant (after a handover).")
@_effective
@_command_id
@pass_cli
@recording
def cancel(
    cli: CliContext,
    grant_id: str,
    reason: str,
    revoke: bool,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Cancel a grant before any handover (or --revoke it); funds return to the allocation."""
    end = cli.ledger.revoke_grant if revoke else cli.ledger.cancel_grant
    ended: UUID = end(grant_id, reason=reason, effective_date=effective_date, command_id=command_id)
    return ended


@grant.command("return")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--item", "items", multiple=True, required=True, help="QUANTITY:DESCRIPTION.")
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
@recording
def return_goods(
    cli: CliContext,
    grant_id: str,
    items: tuple[str, ...],
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Goods came back; their value returns to the allocation."""
    return cli.ledger.return_goods(
        grant_id, items=_items(items, "--item", priced=False), reason=reason,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("repay")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--amount", required=True)
@_effective
@_command_id
@pass_cli
@recording
def repay(
    cli: CliContext, grant_id: str, amount: str, effective_date: str | None, command_id: str | None
) -> UUID:
    """Part (or the rest) of a loan in kind was repaid."""
    return cli.ledger.repay_loan(
        grant_id, amount=amount, effective_date=effective_date, command_id=command_id
    )


@grant.command("outcome")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--sales-before", default=None)
@click.option("--sales-after", default=None)
@click.option("--note", default="")
@_effective
@_command_id
@pass_cli
@recording
def outcome(
    cli: CliContext,
    grant_id: str,
    sales_before: str | None,
    sales_after: str | None,
    note: str,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """What the aid achieved: sales before and after, and/or a note."""
    return cli.ledger.report_grant_outcome(
        grant_id, sales_before=sales_before, sales_after=sales_after, note=note,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("aid")
@click.argument("beneficiary_id", type=RecordId("enterprise", "group"))
@format_option("json", "csv")
@pass_cli
def aid(cli: CliContext, beneficiary_id: str, fmt: str) -> None:
    """Every grant to an enterprise (also as a group member) or to a group."""
    records = cli.existing_ledger.aid_history(beneficiary_id)
    if not emitted(fmt, records):
        click.echo(render_aid_history(records, cli.labels))


@grant.command("list")
@click.option("--program", "program_id", type=RecordId("program"), default=None)
@click.option("--beneficiary", "beneficiary_id", type=RecordId("enterprise", "group"), default=None)
@click.option("--status", default=None, type=click.Choice([s.value for s in GrantStatus]))
@format_option("json", "csv")
@pass_cli
def list_grants(
    cli: CliContext,
    program_id: str | None,
    beneficiary_id: str | None,
    status: str | None,
    fmt: str,
) -> None:
    """List grants: proposed on, funder, value, delivered, status, beneficiary, id."""
    locale = cli.labels.locale
    rows = cli.existing_ledger.grants(
        program_id=program_id, beneficiary_id=beneficiary_id, status=status
    )
    if emitted(fmt, rows):
        return
    for row in rows:
        click.echo(
            f"{row.proposed_on.isoformat()}  {row.funder} {row.fiscal_year}  "
            f"{row.value.format(locale)} ({cli.labels['delivered']} "
            f"{row.delivered.format(locale)})  {cli.labels.term(row.status)}  "
            f"{cli.labels.named('beneficiary', row.beneficiary_kind)} {row.beneficiary_id}"
            f"  [{row.grant_id}]"
        )


@grant.command("history")
@click.argument("grant_id", type=RecordId("grant"))
@click.option("--as-of", default=None, help="What was true on this date (effective time).")
@click.option("--known-at", default=None, help="What the ledger showed then (record time).")
@format_option("json")
@pass_cli
def grant_history(
    cli: CliContext, grant_id: str, as_of: str | None, known_at: str | None, fmt: str
) -> None:
    """Replay a grant's history as of a date and as known at a moment, with its state
    after every step."""
    print_history(cli, "grant", grant_id, as_of, known_at, fmt)


@grant.command("show")
@click.argument("grant_id", type=RecordId("grant"))
@format_option("json")
@pass_cli
def show(cli: CliContext, grant_id: str, fmt: str) -> None:
    """Print a grant's state and its whole history."""
    ledger = cli.existing_ledger
    view = ledger.grant(grant_id)
    history = ledger.history(view.id, locale=cli.labels.locale)
    if fmt == "json":
        click.echo(json_text({"grant": view, "history": history}))
        return
    click.echo(render_grant(view, cli.labels))
    click.echo(render_timeline(history, cli.labels))


@click.command()
@click.option("--funder", "funder_name", type=FunderRef(), default=None, help="Its name or its id.")
@click.option("--program", "program_id", type=RecordId("program"), default=None)
@click.option("--year", type=int, default=None, help="Fiscal year.")
@click.option("--instrument", default=None, type=click.Choice([i.value for i in Instrument]))
@click.option(
    "--by", default=None, type=click.Choice(["desa", "kecamatan", "kabupaten", "province"]),
    help="Also show what the grants to each region hold.",
)  # fmt: skip
@click.option("--as-of", default=None, help="YYYY-MM-DD (default: today).")
@_format
@pass_cli
def funds(
    cli: CliContext,
    funder_name: str | None,
    program_id: str | None,
    year: int | None,
    instrument: str | None,
    by: str | None,
    as_of: str | None,
    fmt: str,
) -> None:
    """The funding ledger: allocated, pledged, committed, delivered, released, remaining."""
    report = cli.existing_ledger.funds(
        funder=funder_name, program_id=program_id, fiscal_year=year, instrument=instrument,
        by=by, as_of=as_of,
    )  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps(funds_json(report), indent=2, ensure_ascii=False))
    else:
        click.echo(render_funds(report, cli.labels))


@click.command()
@click.option("--as-of", default=None, help="YYYY-MM-DD (default: today).")
@click.option(
    "--days", type=int, default=30, show_default=True,
    help="A handover still unacknowledged after this many days is an anomaly.",
)  # fmt: skip
@_format
@pass_cli
def anomalies(cli: CliContext, as_of: str | None, days: int, fmt: str) -> None:
    """What an auditor should look at in the funding records."""
    found = cli.existing_ledger.anomalies(as_of=as_of, unacknowledged_after_days=days)
    if fmt == "json":
        click.echo(json.dumps(anomalies_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(render_anomalies(found, cli.labels))


@click.group()
def kur() -> None:
    """KUR facilitation: referrals of enterprises to banks, and the banks' decisions."""


@kur.command("refer")
@click.argument("enterprise_id", type=RecordId("enterprise"))
@click.option("--bank", required=True)
@click.option("--amount", required=True, help="The credit asked for.")
@click.option("--program", "program_id", type=RecordId("program"), default=None)
@_effective
@_command_id
@pass_cli
@recording
def refer(
    cli: CliContext,
    enterprise_id: str,
    bank: str,
    amount: str,
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Refer an enterprise to a bank for KUR."""
    return cli.ledger.refer_kur(
        enterprise_id, bank=bank, amount_requested=amount, program_id=program_id,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@kur.command("decision")
@click.argument("referral_id", type=RecordId("KUR referral"))
@click.option("--approved/--declined", required=True)
@click.option("--reference", required=True, help="The bank's own reference.")
@click.option("--amount", default=None, help="The credit approved.")
@_effective
@_command_id
@pass_cli
@recording
def decision(
    cli: CliContext,
    referral_id: str,
    approved: bool,
    reference: str,
    amount: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> UUID:
    """Record the bank's decision on a referral."""
    return cli.ledger.record_kur_decision(
        referral_id, approved=approved, bank_reference=reference, amount=amount,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@kur.command("list")
@click.option("--program", "program_id", type=RecordId("program"), default=None)
@click.option("--enterprise", "enterprise_id", type=RecordId("enterprise"), default=None)
@format_option("json", "csv")
@pass_cli
def list_kur(cli: CliContext, program_id: str | None, enterprise_id: str | None, fmt: str) -> None:
    """List KUR referrals: referred on, bank, asked, decision, enterprise, id."""
    locale = cli.labels.locale
    rows = cli.existing_ledger.kur_referrals(program_id=program_id, enterprise_id=enterprise_id)
    if emitted(fmt, rows):
        return
    for row in rows:
        granted = "" if row.amount is None else f" {row.amount.format(locale)}"
        click.echo(
            f"{row.referred_on.isoformat()}  {row.bank}  {row.amount_requested.format(locale)}"
            f"  {cli.labels.term(row.status)}{granted}  {row.enterprise_id}  [{row.referral_id}]"
        )
