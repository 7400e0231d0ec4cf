"""What an event keeps of the browser and the network: coarse words, never the raw values.

The User-Agent header and the client address are whatever the client sent, so neither
is stored. A User-Agent becomes one of a few fixed phrases ("Firefox on Android"),
chosen from closed lists below: no text the client typed can reach the database or a
page, so CR, LF or terminal escapes in a header cannot forge a line anywhere
(security.md L4). An address keeps only its network: the first three parts of an IPv4
address, the first 48 bits of an IPv6 one. That says "the same place as usual" or "a
different network" to the person it concerns, without pinning down a household.

A parsing library (ua-parser) was weighed and left out: its names would still need
mapping onto a closed list, and a closed list of a dozen names is all this needs.
"""

import ipaddress

# (marker in the User-Agent, name shown), first match wins: Edge, Opera and Samsung's
# browser also say "Chrome", and Chrome also says "Safari".
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Opera", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chromium", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
# Android also says "Linux"; iPhones say "like Mac OS X".
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Macintosh", "a Mac"),
    ("Linux", "Linux"),
)
UNKNOWN_DEVICE = "Unknown device"
# Every phrase `describe_device` can return (tests check the closed list holds).
DEVICE_PHRASES = frozenset(
    {UNKNOWN_DEVICE}
    | {browser for _, browser in BROWSERS}
    | {f"A browser on {system}" for _, system in SYSTEMS}
    | {f"{browser} on {system}" for _, browser in BROWSERS for _, system in SYSTEMS}
)


def _first(markers, text):
    return next((name for marker, name in markers if marker in text), None)


def describe_device(user_agent):
    """A coarse description of the browser, from a fixed list: "Firefox on Android"."""
    text = str(user_agent or "")[:512]
    browser, system = _first(BROWSERS, text), _first(SYSTEMS, text)
    if browser and system:
        return f"{browser} on {system}"
    if system:
        return f"A browser on {system}"
    return browser or UNKNOWN_DEVICE


def coarse_network(address):
    """The network an address belongs to ("203.0.113.0/24", "2001:db8:1::/48"); "" when
    there is no valid address."""
    try:
        ip = ipaddress.ip_address(str(address or "").strip())
    except ValueError:
        return ""
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))
