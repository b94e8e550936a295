"""``umkm-ledger iati``: an IATI 2.03 activity file of one program or several."""

from __future__ import annotations

import click

from umkm_ledger.cli.context import CliContext, pass_cli
from umkm_ledger.cli.ids import FunderRef, RecordId
from umkm_ledger.interchange.iati.codes import DAC_SECTOR
from umkm_ledger.interchange.iati.organisations import named_values
from umkm_ledger.interchange.iati.service import REGION_DIMENSIONS
from umkm_ledger.kernel.errors import N_

__all__ = ["iati"]


@click.command()
@click.argument("program_ids", nargs=-1, required=True, type=RecordId("program"))
@click.option(
    "--reporting-org", required=True, metavar="IDENTIFIER",
    help="The publisher's IATI organisation identifier (XM-DAC-..., ID-COA-...).",
)  # fmt: skip
@click.option(
    "--reporting-org-type", default=None, metavar="CODE",
    help="Its IATI organisation type (default: 11, Local Government; a funder's from its "
    "source of funds).",
)  # fmt: skip
@click.option("--reporting-org-name", default=None, help="Its name (default: the office's).")
@click.option(
    "--as-funder", default=None, type=FunderRef(),
    help="Report as this funder, its own money only (default: as the program's office).",
)  # fmt: skip
@click.option(
    "--org", "orgs", multiple=True, metavar="NAME=IDENTIFIER",
    help="The IATI identifier of a funder, office or group of the file (repeat).",
)  # fmt: skip
@click.option(
    "--org-type", "org_types", multiple=True, metavar="NAME=CODE",
    help="The IATI organisation type of a funder, office or group (repeat).",
)  # fmt: skip
@click.option(
    "--by-region", type=click.Choice(list(REGION_DIMENSIONS.values())), default=None,
    help="The region level results are broken down by (default: the scope's).",
)  # fmt: skip
@click.option(
    "--dac-sector", default=DAC_SECTOR, show_default=True,
    help="The OECD DAC purpose code of the programs.",
)  # fmt: skip
@click.option("--as-of", default=None, help="An effective date (YYYY-MM-DD); default today.")
@click.option(
    "--generated-at", default=None, metavar="DATETIME",
    help="The file's generated-datetime (default now): give it to make the same file again.",
)  # fmt: skip
@click.option(
    "-o", "--output", default=None, metavar="FILE.xml",
    help="Write the file here (a new file; never overwritten). Default: print it.",
)  # fmt: skip
@pass_cli
def iati(
    cli: CliContext,
    program_ids: tuple[str, ...],
    reporting_org: str,
    reporting_org_type: str | None,
    reporting_org_name: str | None,
    as_funder: str | None,
    orgs: tuple[str, ...],
    org_types: tuple[str, ...],
    by_region: str | None,
    dac_sector: str,
    as_of: str | None,
    generated_at: str | None,
    output: str | None,
) -> None:
    """An IATI 2.03 activity file of the programs: one iati-activity each, with its
    transactions and results, in the --lang language."""
    made = cli.existing_ledger.iati(
        list(program_ids), reporting_org=reporting_org, reporting_org_type=reporting_org_type,
        reporting_org_name=reporting_org_name, as_funder=as_funder,
        org_refs=named_values(orgs, "--org"), org_types=named_values(org_types, "--org-type"),
        by_region=by_region, dac_sector=dac_sector, language=cli.language, as_of=as_of,
        generated_at=generated_at,
    )  # fmt: skip
    if output is None:
        click.echo(made.text, nl=False)
        return
    made.write(output)
    click.echo(
        cli.labels.text(
            N_(
                "{file}: an IATI 2.03 activity file of {count} program(s)",
                file=output,
                count=len(made.identifiers),
            )
        )
    )
