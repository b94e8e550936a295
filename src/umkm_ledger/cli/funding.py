"""``umkm-ledger funder|allocation|grant ...``, ``funds`` and ``anomalies``: the money side."""

from __future__ import annotations

import json
from typing import Any

import click

from umkm_ledger.cli.audit import print_history
from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.domain.lifecycle import GrantStatus
from umkm_ledger.domain.values.funding import FundingSource, Instrument, UtilisationStatus
from umkm_ledger.errors import InvalidValue
from umkm_ledger.presentation.funding import (
    anomalies_json,
    funds_json,
    render_aid_history,
    render_anomalies,
    render_funds,
    render_grant,
)
from umkm_ledger.presentation.text import render_timeline

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
            raise InvalidValue(f"{option}[{index}]", text, f"must look like {form}")
        item: dict[str, Any] = {"description": parts[1], "quantity": int(parts[0])}
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
def register_funder(
    cli: CliContext, name: str, source: str, effective_date: str | None, command_id: str | None
) -> None:
    """Register a funder; prints its id."""
    funder_id = cli.ledger.register_funder(
        name, source=source, effective_date=effective_date, command_id=command_id
    )
    click.echo(str(funder_id))


@click.group()
def allocation() -> None:
    """Allocations: a funder's money for a program, fiscal year and instrument."""


@allocation.command("post")
@click.option("--funder", "funder_name", required=True)
@click.option("--program", "program_id", required=True)
@click.option("--year", type=int, required=True, help="Fiscal year.")
@click.option("--instrument", required=True, type=click.Choice([i.value for i in Instrument]))
@click.option("--amount", required=True, help="Rp200.000.000, 200 juta, ...")
@click.option("--pledge", is_flag=True, help="Only promised (a CSR pledge), not posted.")
@_effective
@_command_id
@pass_cli
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
) -> None:
    """Post (or, with --pledge, record the promise of) funds; prints the allocation's id."""
    record = cli.ledger.pledge if pledge else cli.ledger.allocate
    allocation_id = record(
        funder_name, program_id, fiscal_year=year, instrument=instrument, amount=amount,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip
    click.echo(str(allocation_id))


@allocation.command("confirm")
@click.argument("allocation_id")
@click.option("--amount", default=None, help="The posted amount, if not the pledged one.")
@_effective
@_command_id
@pass_cli
def confirm(
    cli: CliContext,
    allocation_id: str,
    amount: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Post a pledge in the budget: grants against it can then be approved."""
    cli.ledger.post_allocation(
        allocation_id, amount=amount, effective_date=effective_date, command_id=command_id
    )


@allocation.command("amend")
@click.argument("allocation_id")
@click.option("--amount", required=True)
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
def amend(
    cli: CliContext,
    allocation_id: str,
    amount: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Change an allocation's amount (a budget revision), never below what is committed."""
    cli.ledger.amend_allocation(
        allocation_id, amount=amount, reason=reason, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@allocation.command("show")
@click.argument("allocation_id")
@pass_cli
def show_allocation(cli: CliContext, allocation_id: str) -> None:
    """Print an allocation's amount, committed, remaining and released."""
    view = cli.ledger.allocation(allocation_id)
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
@click.option("--allocation", "allocation_id", required=True)
@click.option("--beneficiary", "beneficiary_id", required=True, help="Enterprise or group id.")
@click.option(
    "--item", "items", multiple=True,
    help="QUANTITY:DESCRIPTION:UNIT_VALUE (repeat), for goods and loans in kind.",
)  # fmt: skip
@click.option("--cash", default=None, help="The amount, for cash instruments.")
@click.option("--justification", required=True)
@_effective
@_command_id
@pass_cli
def propose(
    cli: CliContext,
    allocation_id: str,
    beneficiary_id: str,
    items: tuple[str, ...],
    cash: str | None,
    justification: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Propose a grant; prints its id."""
    grant_id = cli.ledger.propose_grant(
        allocation_id, beneficiary_id, items=_items(items, "item", priced=True), cash=cash,
        justification=justification, effective_date=effective_date, command_id=command_id,
    )  # fmt: skip
    click.echo(str(grant_id))


@grant.command("check")
@click.argument("grant_id")
@_effective
@_command_id
@pass_cli
def check(
    cli: CliContext, grant_id: str, effective_date: str | None, command_id: str | None
) -> None:
    """Check eligibility and record the outcome; prints it."""
    cli.ledger.check_eligibility(grant_id, effective_date=effective_date, command_id=command_id)
    reasons = cli.ledger.grant(grant_id).eligibility_reasons
    click.echo("eligible" if not reasons else "not eligible: " + "; ".join(reasons))


@grant.command("approve")
@click.argument("grant_id")
@_effective
@_command_id
@pass_cli
def approve(
    cli: CliContext, grant_id: str, effective_date: str | None, command_id: str | None
) -> None:
    """Approve a grant (not its proposer): its value is committed on the allocation."""
    cli.ledger.approve_grant(grant_id, effective_date=effective_date, command_id=command_id)


@grant.command("reject")
@click.argument("grant_id")
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
def reject(
    cli: CliContext,
    grant_id: str,
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Reject a grant (not its proposer)."""
    cli.ledger.reject_grant(
        grant_id, reason=reason, effective_date=effective_date, command_id=command_id
    )


@grant.command("hand-over")
@click.argument("grant_id")
@click.option("--bast", "bast_number", required=True, help="The BAST's number.")
@click.option("--place", required=True)
@click.option("--item", "items", multiple=True, help="QUANTITY:DESCRIPTION (repeat).")
@click.option("--cash", default=None, help="The amount paid, for cash grants.")
@click.option("--witness", "witnesses", multiple=True, help="A witness's name (repeat).")
@_effective
@_command_id
@pass_cli
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
) -> None:
    """Record a handover (all or part of the grant) with its BAST."""
    cli.ledger.hand_over(
        grant_id, bast_number=bast_number, place=place,
        items=_items(items, "item", priced=False), cash=cash, witnesses=list(witnesses),
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("acknowledge")
@click.argument("grant_id")
@click.argument("bast_number")
@click.option("--recipient", required=True)
@_effective
@_command_id
@pass_cli
def acknowledge(
    cli: CliContext,
    grant_id: str,
    bast_number: str,
    recipient: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """The recipient acknowledged a handover."""
    cli.ledger.acknowledge_handover(
        grant_id, bast_number, recipient=recipient, effective_date=effective_date,
        command_id=command_id,
    )  # fmt: skip


@grant.command("monitor")
@click.argument("grant_id")
@click.option("--condition", required=True, type=click.Choice([c.value for c in UtilisationStatus]))
@click.option("--seen-by", default=None, help="Who saw it (default: the actor).")
@click.option("--note", default="")
@_effective
@_command_id
@pass_cli
def monitor(
    cli: CliContext,
    grant_id: str,
    condition: str,
    seen_by: str | None,
    note: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Record what a monitoring visit found the aid doing."""
    cli.ledger.monitor_grant(
        grant_id, condition=condition, seen_by=seen_by, note=note,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("cancel")
@click.argument("grant_id")
@click.option("--reason", required=True)
@click.option("--revoke", is_flag=True, help="Revoke an approved grant (after a handover).")
@_effective
@_command_id
@pass_cli
def cancel(
    cli: CliContext,
    grant_id: str,
    reason: str,
    revoke: bool,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Cancel a grant before any handover (or --revoke it); funds return to the allocation."""
    end = cli.ledger.revoke_grant if revoke else cli.ledger.cancel_grant
    end(grant_id, reason=reason, effective_date=effective_date, command_id=command_id)


@grant.command("return")
@click.argument("grant_id")
@click.option("--item", "items", multiple=True, required=True, help="QUANTITY:DESCRIPTION.")
@click.option("--reason", required=True)
@_effective
@_command_id
@pass_cli
def return_goods(
    cli: CliContext,
    grant_id: str,
    items: tuple[str, ...],
    reason: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Goods came back; their value returns to the allocation."""
    cli.ledger.return_goods(
        grant_id, items=_items(items, "item", priced=False), reason=reason,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("repay")
@click.argument("grant_id")
@click.option("--amount", required=True)
@_effective
@_command_id
@pass_cli
def repay(
    cli: CliContext, grant_id: str, amount: str, effective_date: str | None, command_id: str | None
) -> None:
    """Part (or the rest) of a loan in kind was repaid."""
    cli.ledger.repay_loan(
        grant_id, amount=amount, effective_date=effective_date, command_id=command_id
    )


@grant.command("outcome")
@click.argument("grant_id")
@click.option("--sales-before", default=None)
@click.option("--sales-after", default=None)
@click.option("--note", default="")
@_effective
@_command_id
@pass_cli
def outcome(
    cli: CliContext,
    grant_id: str,
    sales_before: str | None,
    sales_after: str | None,
    note: str,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """What the aid achieved: sales before and after, and/or a note."""
    cli.ledger.report_grant_outcome(
        grant_id, sales_before=sales_before, sales_after=sales_after, note=note,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip


@grant.command("aid")
@click.argument("beneficiary_id")
@pass_cli
def aid(cli: CliContext, beneficiary_id: str) -> None:
    """Every grant to an enterprise (also as a group member) or to a group."""
    click.echo(render_aid_history(cli.ledger.aid_history(beneficiary_id), cli.labels))


@grant.command("list")
@click.option("--program", "program_id", default=None)
@click.option("--beneficiary", "beneficiary_id", default=None)
@click.option("--status", default=None, type=click.Choice([s.value for s in GrantStatus]))
@pass_cli
def list_grants(
    cli: CliContext, program_id: str | None, beneficiary_id: str | None, status: str | None
) -> None:
    """List grants: proposed on, funder, value, delivered, status, beneficiary, id."""
    locale = cli.labels.locale
    for row in cli.ledger.grants(
        program_id=program_id, beneficiary_id=beneficiary_id, status=status
    ):
        click.echo(
            f"{row.proposed_on.isoformat()}  {row.funder} {row.fiscal_year}  "
            f"{row.value.format(locale)} ({cli.labels['delivered']} "
            f"{row.delivered.format(locale)})  {cli.labels.term(row.status)}  "
            f"{cli.labels.named('beneficiary', row.beneficiary_kind)} {row.beneficiary_id}"
            f"  [{row.grant_id}]"
        )


@grant.command("history")
@click.argument("grant_id")
@click.option("--as-of", default=None, help="What was true on this date (effective time).")
@click.option("--known-at", default=None, help="What the ledger showed then (record time).")
@pass_cli
def grant_history(cli: CliContext, grant_id: str, as_of: str | None, known_at: str | None) -> None:
    """Replay a grant's history as of a date and as known at a moment, with its state
    after every step."""
    print_history(cli, "grant", grant_id, as_of, known_at)


@grant.command("show")
@click.argument("grant_id")
@pass_cli
def show(cli: CliContext, grant_id: str) -> None:
    """Print a grant's state and its whole history."""
    view = cli.ledger.grant(grant_id)
    click.echo(render_grant(view, cli.labels))
    click.echo(render_timeline(cli.ledger.history(view.id, locale=cli.labels.locale), cli.labels))


@click.command()
@click.option("--funder", "funder_name", default=None)
@click.option("--program", "program_id", default=None)
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
    report = cli.ledger.funds(
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
    found = cli.ledger.anomalies(as_of=as_of, unacknowledged_after_days=days)
    if fmt == "json":
        click.echo(json.dumps(anomalies_json(found), indent=2, ensure_ascii=False))
    else:
        click.echo(render_anomalies(found, cli.labels))


@click.group()
def kur() -> None:
    """KUR facilitation: referrals of enterprises to banks, and the banks' decisions."""


@kur.command("refer")
@click.argument("enterprise_id")
@click.option("--bank", required=True)
@click.option("--amount", required=True, help="The credit asked for.")
@click.option("--program", "program_id", default=None)
@_effective
@_command_id
@pass_cli
def refer(
    cli: CliContext,
    enterprise_id: str,
    bank: str,
    amount: str,
    program_id: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Refer an enterprise to a bank for KUR; prints the referral's id."""
    referral = cli.ledger.refer_kur(
        enterprise_id, bank=bank, amount_requested=amount, program_id=program_id,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip
    click.echo(str(referral))


@kur.command("decision")
@click.argument("referral_id")
@click.option("--approved/--declined", required=True)
@click.option("--reference", required=True, help="The bank's own reference.")
@click.option("--amount", default=None, help="The credit approved.")
@_effective
@_command_id
@pass_cli
def decision(
    cli: CliContext,
    referral_id: str,
    approved: bool,
    reference: str,
    amount: str | None,
    effective_date: str | None,
    command_id: str | None,
) -> None:
    """Record the bank's decision on a referral."""
    cli.ledger.record_kur_decision(
        referral_id, approved=approved, bank_reference=reference, amount=amount,
        effective_date=effective_date, command_id=command_id,
    )  # fmt: skip
    view = cli.ledger.kur_referral(referral_id)
    locale = cli.labels.locale
    granted = f" {view.amount.format(locale)}" if view.amount is not None else ""
    status = cli.labels.term(view.status.value)
    click.echo(f"{view.bank}: {status}{granted} ({view.bank_reference})")


@kur.command("list")
@click.option("--program", "program_id", default=None)
@click.option("--enterprise", "enterprise_id", default=None)
@pass_cli
def list_kur(cli: CliContext, program_id: str | None, enterprise_id: str | None) -> None:
    """List KUR referrals: referred on, bank, asked, decision, enterprise, id."""
    locale = cli.labels.locale
    for row in cli.ledger.kur_referrals(program_id=program_id, enterprise_id=enterprise_id):
        granted = "" if row.amount is None else f" {row.amount.format(locale)}"
        click.echo(
            f"{row.referred_on.isoformat()}  {row.bank}  {row.amount_requested.format(locale)}"
            f"  {cli.labels.term(row.status)}{granted}  {row.enterprise_id}  [{row.referral_id}]"
        )
