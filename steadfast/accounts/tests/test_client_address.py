"""The address the log-in throttle counts under, behind N reverse proxies
(STEADFAST_PROXY_COUNT, docs/deploy.md). Settings are read at start-up, so each case runs in
a fresh interpreter with that environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json, django
django.setup()
from django.test import RequestFactory
from axes.helpers import get_client_ip_address
seen = {}
for name, meta in json.loads(CASES).items():
    seen[name] = get_client_ip_address(RequestFactory().get("/", **meta))
print(json.dumps(seen))
"""
CASES = {
    # nginx's $proxy_add_x_forwarded_for / Caddy: the client's address appended.
    "plain": {"HTTP_X_FORWARDED_FOR": "203.0.113.5", "REMOTE_ADDR": "10.0.0.1"},
    # The client wrote a header of its own first, hoping to be counted as someone else.
    "forged": {"HTTP_X_FORWARDED_FOR": "198.51.100.9, 203.0.113.5", "REMOTE_ADDR": "10.0.0.1"},
    "direct": {"REMOTE_ADDR": "198.51.100.7"},
}


def addresses(proxies):
    env = {
        **os.environ,
        "STEADFAST_PROXY_COUNT": str(proxies),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = f"CASES = {json.dumps(json.dumps(CASES))}\n{PROBE}"
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("proxies", [0])
def test_without_a_proxy_the_connection_counts_and_headers_are_ignored(proxies):
    seen = addresses(proxies)
    assert seen == {"plain": "10.0.0.1", "forged": "10.0.0.1", "direct": "198.51.100.7"}


def test_behind_one_proxy_the_address_it_saw_counts_and_a_forged_header_gains_nothing():
    seen = addresses(1)
    assert seen["plain"] == "203.0.113.5"
    # Never the address the client chose: a forger is counted as the proxy, with every
    # other forger, so forging neither dodges the throttle nor lands on a victim's count.
    assert seen["forged"] != "198.51.100.9"
    assert seen["forged"] in {"203.0.113.5", "10.0.0.1"}
