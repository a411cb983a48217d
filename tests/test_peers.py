"""tests/peers.py: a missing peer skips its tests, except in CI (SLM_REQUIRE_PEERS=1), where it fails them."""
import pytest

from peers import require


def test_a_present_peer_is_returned():
    assert require("json").dumps([1]) == "[1]"


def test_a_missing_peer_skips_with_the_fix(monkeypatch):
    monkeypatch.delenv("SLM_REQUIRE_PEERS", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no_such_peer_xyz .*requirements-dev.txt"):
        require("no_such_peer_xyz")


def test_a_missing_peer_fails_when_peers_are_required(monkeypatch):
    monkeypatch.setenv("SLM_REQUIRE_PEERS", "1")
    with pytest.raises(pytest.fail.Exception, match="SLM_REQUIRE_PEERS=1 and no_such_peer_xyz"):
        require("no_such_peer_xyz")
