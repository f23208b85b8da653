"""Which hosts are this machine or its local network: loopback, private, link-local.

Two rules use it: `insecure-link` does not ask for https:// on a link to such a host (a
local development server, a printer's page: there is no https to link to), and the
external check never connects to one (a redirect to 127.0.0.1 or to a cloud metadata
address is refused, whatever name led there).
"""

from __future__ import annotations

import ipaddress
import re

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Names that only ever mean this machine or the local network (RFC 6761, RFC 6762,
#: RFC 8375, and ICANN's private-use .internal).
LOCAL_NAMES = frozenset({"localhost"})
LOCAL_SUFFIXES = (".localhost", ".local", ".home.arpa", ".internal")


def is_local_address(ip: IPAddress) -> bool:
    """Not a public unicast address: loopback, private, link-local, shared, reserved,
    unspecified or multicast (an IPv4 address mapped into IPv6 is judged as IPv4)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def ip_literal(host: str) -> IPAddress | None:
    """The address a URL's host names literally: IPv6 (`::1`, without brackets) or IPv4 in
    any form the URL standard reads (`127.0.0.1`, `127.1`, `0x7f.1`, `2130706433`)."""
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.strip("[]"))
        except ValueError:
            return None
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not parts or len(parts) > 4 or _number(parts[-1]) is None:
        return None
    numbers = [_number(part) for part in parts]
    if any(n is None for n in numbers):
        return None
    *head, last = [n for n in numbers if n is not None]
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for index, n in enumerate(head):
        value += n << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


_IPV4_PART = re.compile(r"0[xX](?P<hex>[0-9a-fA-F]*)|0(?P<octal>[0-7]*)|(?P<decimal>[1-9][0-9]*)")


def _number(part: str) -> int | None:
    """One part of an IPv4 host: decimal, 0x hexadecimal or 0-led octal."""
    m = _IPV4_PART.fullmatch(part)
    if m is None:
        return None
    if m["hex"] is not None:
        return int(m["hex"] or "0", 16)
    if m["octal"] is not None:
        return int(m["octal"] or "0", 8)
    return int(m["decimal"])


def is_local_host(host: str) -> bool:
    """A URL's host (already lowercased) that names this machine or the local network."""
    host = host.rstrip(".")
    if host in LOCAL_NAMES or host.endswith(LOCAL_SUFFIXES):
        return True
    ip = ip_literal(host)
    return ip is not None and is_local_address(ip)
