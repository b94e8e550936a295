"""An IATI activity file: ``iati-activities`` around the activities, as bytes to publish
and a file written once (an export never overwrites a file)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import Element, indent, tostring

import attrs

from umkm_ledger.i18n.labels import Labels
from umkm_ledger.interchange.iati.activity import Activity, write_activity
from umkm_ledger.interchange.iati.codes import VERSION
from umkm_ledger.platform.new_files import write_new_file

__all__ = ["IatiFile", "iati_file"]


@attrs.frozen
class IatiFile:
    """An IATI 2.03 activity file: one ``iati-activity`` per program, as UTF-8 bytes."""

    #: The whole file, XML declaration first (what the IATI Registry links to).
    xml: bytes = attrs.field(repr=False)
    #: Each activity's ``iati-identifier``, in the file's order.
    identifiers: tuple[str, ...]
    #: The file's ``generated-datetime``.
    generated_at: datetime

    @property
    def text(self) -> str:
        return self.xml.decode("utf-8")

    def write(self, path: str | Path) -> Path:
        """Write the file to ``path``, which must not exist yet (:class:`ConfigurationError`
        otherwise, as every export); returns the path."""
        return write_new_file(path, self.xml)


def iati_file(activities: Sequence[Activity], labels: Labels, generated_at: datetime) -> IatiFile:
    """The file of ``activities``, its texts in ``labels``' language, stamped
    ``generated_at`` (to the second, in UTC)."""
    moment = generated_at.astimezone(UTC).replace(microsecond=0)
    root = Element(
        "iati-activities",
        {"version": VERSION, "generated-datetime": moment.isoformat().replace("+00:00", "Z")},
    )
    for activity in activities:
        write_activity(root, activity, labels)
    indent(root, space="  ")
    body = tostring(root, encoding="unicode")
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + body.encode("utf-8") + b"\n"
    return IatiFile(
        xml=xml, identifiers=tuple(a.identifier for a in activities), generated_at=moment
    )
