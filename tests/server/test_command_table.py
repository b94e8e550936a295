"""Each command resource is its ledger method: the body's fields and the path's ids are
the method's parameters, those the method requires are required, and nothing else
(``actor`` and ``command_id`` come from the token and the Idempotency-Key)."""

from __future__ import annotations

import inspect

import pytest

from umkm_ledger import Ledger
from umkm_ledger.server.commands import COMMANDS, Command

_FROM_THE_REQUEST = {"self", "command_id", "actor"}


@pytest.mark.parametrize("command", COMMANDS, ids=[c.method for c in COMMANDS])
def test_the_body_and_path_are_the_methods_parameters(command: Command) -> None:
    parameters = inspect.signature(getattr(Ledger, command.method)).parameters
    taken = set(parameters) - _FROM_THE_REQUEST
    required = {
        name for name, p in parameters.items()
        if p.default is inspect.Parameter.empty and name not in _FROM_THE_REQUEST
    }  # fmt: skip
    body = command.body.model_fields
    given = set(body) | set(command.path_ids)
    assert given <= taken, given - taken
    assert required <= given, required - given
    for name in required - set(command.path_ids):
        assert body[name].is_required(), name
    assert not set(body) & set(command.path_ids)
