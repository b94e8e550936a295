"""Development programs: plan, scope, indicators and targets, enrolment of binaan, and
progress against targets."""

from umkm_ledger.programs import summaries as _summaries  # noqa: F401 - registers them
from umkm_ledger.programs import transcodings as _transcodings  # noqa: F401 - registers them
from umkm_ledger.programs import view as _view  # noqa: F401 - registers it
