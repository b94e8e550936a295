"""The service's enterprise listing by region: a name or a code, as the command line
takes them; a name several places share refused with their codes. On SQLite and
PostgreSQL."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.server.conftest import auth
from tests.server.flow import SONGKET, ok


def test_the_service_lists_enterprises_of_a_region_by_name(
    client: TestClient, tokens: dict[str, str]
) -> None:
    siti = tokens["siti"]
    ok(client.post("/enterprises", headers=auth(siti, "reg-oi"), json=SONGKET))
    body = {**SONGKET, "name": "Beras Organik Wana Bakti", "desa": "16.08.13.2004"}
    rice = ok(client.post("/enterprises", headers=auth(siti, "reg-oku"), json=body))["id"]

    listed = ok(client.get("/enterprises", headers=auth(tokens["ani"]),
                           params={"kecamatan": "Madang Suku III"}), 200)  # fmt: skip
    every = ok(client.get("/enterprises", headers=auth(tokens["ani"])), 200)
    refused = client.get("/enterprises", headers=auth(tokens["ani"]), params={"desa": "Sukarami"})

    assert [e["id"] for e in listed] == [rice]
    assert listed[0]["address"]["desa_name"] == "Wana Bakti"
    assert len(every) == 2
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["field"] == "desa"
    assert "Sukarami (16.10.05.2016, Pemulutan, Kabupaten Ogan Ilir)" in problem["detail"]
