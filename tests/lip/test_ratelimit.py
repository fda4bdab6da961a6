"""The product's one rate limiter and client-address function (lip/ratelimit.py)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from lip.models import RateLimitCounter
from lip.ratelimit import (
    Rate,
    attempts,
    client_address,
    count_attempt,
    delete_expired,
    hit,
    is_limited,
    network_of,
    parse_rate,
    rate_for,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "rate"),
    [("30/h", Rate(30, 3600)), ("10/15m", Rate(10, 900)), ("5/d", Rate(5, 86400))],
)
def test_parse_rate(text, rate):
    assert parse_rate(text) == rate


@pytest.mark.parametrize("text", ["30", "x/h", "3/y", "3/0.5h", ""])
def test_parse_rate_refuses_nonsense(text):
    with pytest.raises(ValueError):
        parse_rate(text)


def test_rates_come_from_settings(settings):
    assert rate_for("contribution_network") == Rate(30, 3600)
    settings.RATE_LIMITS = {"contribution_network": "2/m"}
    assert rate_for("contribution_network") == Rate(2, 60)
    assert rate_for("contribution_email") == Rate(10, 3600)  # untouched entries keep defaults


def test_rates_from_the_environment(monkeypatch):
    import importlib

    from lip.settings import base

    monkeypatch.setenv("RATE_LIMITS", "contribution_network=60/h, voting_code_network=5/m")
    reloaded = importlib.reload(base)
    try:
        assert reloaded.RATE_LIMITS == {
            "contribution_network": "60/h",
            "voting_code_network": "5/m",
        }
    finally:
        monkeypatch.delenv("RATE_LIMITS")
        importlib.reload(base)


def test_client_address_without_proxy(rf):
    assert client_address(rf.get("/", REMOTE_ADDR="192.0.2.7")) == "192.0.2.7"


def test_client_address_behind_the_proxy(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.9")
    assert client_address(request) == "198.51.100.9"
    assert network_of(request) == "198.51.100.0/24"


def test_forwarded_for_takes_the_address_our_proxy_added(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The client forged the first entry; the proxy appended the real one.
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_address(request) == "203.0.113.5"


def test_garbage_in_the_header_is_no_address(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="<script>")
    assert client_address(request) == ""
    assert network_of(request) == "unknown"


def test_count_and_limit(settings):
    settings.RATE_LIMITS = {"report_network": "3/h"}
    now = 1_000_000.0
    assert [hit("report_network", "net", now=now) for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    assert attempts("report_network", "net", now=now) == 4
    assert is_limited("report_network", "net", now=now)
    assert not is_limited("report_network", "other", now=now)
    # The next window starts again at zero.
    assert count_attempt("report_network", "net", now=now + 3600) == 1


def test_counters_keep_no_value_and_expire(settings):
    settings.RATE_LIMITS = {"report_network": "3/h"}
    count_attempt("report_network", "192.0.2.0/24", now=7200.0)
    counter = RateLimitCounter.objects.get()
    assert "192.0.2" not in counter.key
    assert counter.expires_at == 10800
    assert delete_expired(now=10799.0) == 0
    call_command("clear_rate_limits", verbosity=0)  # now: long after 1970
    assert not RateLimitCounter.objects.exists()


def test_behind_the_proxy_visitors_have_their_own_counters(settings, version_for_comments):
    """The public comment form counts per visitor's network, not per proxy address."""
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.RATE_LIMITS = {"contribution_network": "2/h"}
    url = reverse("beteiligung:general-comments", args=[version_for_comments.pk])
    client = Client()
    for number in range(2):
        client.post(
            url,
            _comment(f"a{number}@example.org"),
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_REAL_IP="198.51.100.1",
        )
    refused = client.post(
        url, _comment("a9@example.org"), REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="198.51.100.2"
    )
    assert "viele Einträge" in refused.content.decode()
    other = client.post(
        url, _comment("b@example.org"), REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.1"
    )
    assert other.status_code == 302


def _comment(email):
    return {
        "text": "Ein Gedanke zum Entwurf.",
        "author_name": "Eine Person",
        "email": email,
        "consent": "on",
        "website": "",
    }


@pytest.fixture
def version_for_comments(db):
    from tests.beteiligung.factories import CommentWindowFactory

    return CommentWindowFactory().version


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_exceed_the_limit(settings):
    """60 simultaneous attempts against a limit of 30: exactly 30 pass."""
    settings.RATE_LIMITS = {"contribution_network": "30/h"}
    barrier = threading.Barrier(60)
    results = []
    lock = threading.Lock()

    def attempt():
        try:
            barrier.wait(timeout=20)
            over = hit("contribution_network", "203.0.113.0/24")
            with lock:
                results.append(over)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(60)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 60
    assert results.count(False) == 30
    assert attempts("contribution_network", "203.0.113.0/24") == 60
