"""What an event keeps of the browser and address: a phrase from a closed list, a network."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from steadfast.audit.devices import DEVICE_PHRASES, UNKNOWN_DEVICE, coarse_network, describe_device

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)
EDGE_WINDOWS = CHROME_WINDOWS + " Edg/126.0.2592.87"
CHROME_ANDROID = (
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
SAMSUNG = CHROME_ANDROID.replace("Chrome/126", "SamsungBrowser/25.0 Chrome/126")
FIREFOX_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0"
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0"
CHROME_IOS = SAFARI_IPHONE.replace("Version/17.5", "CriOS/126.0.6478.54")
OPERA = CHROME_WINDOWS + " OPR/111.0.0.0"
CHROMEBOOK = (
    "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("user_agent", "phrase"),
    [
        (FIREFOX_ANDROID, "Firefox on Android"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (CHROME_WINDOWS, "Chrome on Windows"),
        (EDGE_WINDOWS, "Edge on Windows"),  # Edge also says Chrome and Safari
        (CHROME_ANDROID, "Chrome on Android"),  # Android also says Linux
        (SAMSUNG, "Samsung Internet on Android"),
        (FIREFOX_MAC, "Firefox on a Mac"),
        (FIREFOX_LINUX, "Firefox on Linux"),
        (CHROME_IOS, "Chrome on iPhone"),
        (OPERA, "Opera on Windows"),
        (CHROMEBOOK, "Chrome on ChromeOS"),
        ("curl/8.5.0", UNKNOWN_DEVICE),
        ("", UNKNOWN_DEVICE),
        (None, UNKNOWN_DEVICE),
        ("Something (Windows NT 10.0)", "A browser on Windows"),
        ("Firefox/1.0", "Firefox"),
    ],
)
def test_a_user_agent_becomes_a_coarse_phrase(user_agent, phrase):
    assert describe_device(user_agent) == phrase
    assert phrase in DEVICE_PHRASES


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("198.51.100.1", "198.51.100.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("::ffff:192.0.2.9", "192.0.2.0/24"),  # an IPv4 address written as IPv6
        ("127.0.0.1", "127.0.0.0/24"),
        ("not an address", ""),
        ("", ""),
        (None, ""),
        ("203.0.113.77\r\nForged: line", ""),
    ],
)
def test_an_address_keeps_only_its_network(address, network):
    assert coarse_network(address) == network


# Text a client controls, with the characters a forged log line or terminal trick needs.
HOSTILE_PIECES = ["\r", "\n", "\x1b[31m", "\x1b]0;", "\x00", "<script>", '"', "&", "\u2028"]
hostile_text = st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=8), max_size=40).map(
    lambda pieces: "".join(pieces) + "\r\n\x1b[2J"
)


@given(user_agent=hostile_text)
def test_whatever_the_user_agent_says_the_phrase_comes_from_the_closed_list(user_agent):
    for text in (user_agent, FIREFOX_ANDROID + user_agent, user_agent + CHROME_WINDOWS):
        assert describe_device(text) in DEVICE_PHRASES


@given(address=hostile_text | st.ip_addresses().map(str))
def test_whatever_the_address_the_network_is_plain(address):
    network = coarse_network(address)
    assert network == "" or set(network) <= set("0123456789abcdef.:/")
