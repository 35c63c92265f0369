"""The guard service itself, talked to over HTTP on 127.0.0.1 as the web workers do."""

import requests

TEXT = "Gisteren sprak ik Jan de Vries in Haarlem. Bel hem op 06-12345678."


def test_the_service_checks_and_pseudonymises_named_texts(guard_ready):
    found = requests.post(
        f"{guard_ready}/check", json={"texts": {"body": TEXT, "leeg": ""}}, timeout=30
    )
    assert found.status_code == 200
    findings = found.json()["findings"]
    assert {f["tag"] for f in findings} >= {"persoon", "telefoonnummer"}
    assert all(f["field"] == "body" for f in findings)
    jan = next(f for f in findings if f["tag"] == "persoon")
    assert TEXT[jan["start"] : jan["end"]] == jan["text"] == "Jan de Vries"
    masked = requests.post(
        f"{guard_ready}/pseudonymise", json={"texts": {"body": TEXT}}, timeout=30
    )
    assert "Jan de Vries" not in masked.json()["texts"]["body"]
    assert "[PERSOON-1]" in masked.json()["texts"]["body"]


def test_the_service_refuses_what_is_not_a_set_of_texts(guard_ready):
    for body in (b"geen json", b'{"texts": ["a"]}', b'{"texts": {"a": 1}}', b""):
        reply = requests.post(f"{guard_ready}/check", data=body, timeout=30,
                              headers={"Content-Type": "application/json"})  # fmt: skip
        assert reply.status_code == 400, body
    huge = {"texts": {"body": "a" * (1024 * 1024 + 1)}}
    assert requests.post(f"{guard_ready}/check", json=huge, timeout=30).status_code == 400
    assert requests.get(f"{guard_ready}/elders", timeout=30).status_code == 404
    assert requests.get(f"{guard_ready}/health", timeout=30).json() == {"ok": True}


def test_the_web_app_never_loads_deduce(app):
    import sys

    assert "deduce" not in sys.modules
