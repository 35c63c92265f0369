"""The soak's counting: 5xx and missing writes fail it; the figures add up."""

from training.bench.soak import missing_writes, status_figures, verdict


def test_status_figures_count_5xx_and_connection_failures_as_server_errors():
    figures = status_figures([200, 200, 302, 429, 500, 503, 0])
    assert figures["requests"] == 7
    assert figures["server_errors"] == 3
    assert figures["by_status"] == {"0": 1, "200": 2, "302": 1, "429": 1, "500": 1, "503": 1}


def test_a_write_the_app_accepted_but_the_database_lacks_is_missing():
    assert missing_writes(["soak-a", "soak-b", "soak-c"], {"soak-a", "soak-c", "x"}) == ["soak-b"]


def test_the_verdict_fails_on_5xx_on_missing_writes_and_on_no_writes():
    clean = status_figures([200, 302])
    assert verdict(clean, [], accepted=1) == []
    assert verdict(status_figures([200, 502]), [], accepted=1) != []
    assert verdict(clean, ["soak-b"], accepted=2) != []
    assert verdict(clean, [], accepted=0) != []
