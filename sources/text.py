"""Text and URL normalization shared by every app.

Two different jobs, kept apart on purpose:
- `clean_text` is what we *store*: Unicode NFC, trimmed, the quotes exactly as written.
- `matching_key` is what we *compare*: NFKC, casefolded, straight quotes, collapsed spaces, so
  that "Volodymyr Zelensky", "volodymyr  zelensky" and a decomposed-accent spelling are equal.
"""

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_SPACES = re.compile(r"\s+")
# Curly and typographic quote marks that mean the same as a straight one.
_QUOTES = str.maketrans(
    {
        "\u2018": "'",  # left single
        "\u2019": "'",  # right single / apostrophe
        "\u201a": "'",  # single low-9
        "\u201b": "'",  # single high-reversed-9
        "\u2032": "'",  # prime
        "\u00b4": "'",  # acute accent used as an apostrophe
        "\u201c": '"',  # left double
        "\u201d": '"',  # right double
        "\u201e": '"',  # double low-9
        "\u201f": '"',  # double high-reversed-9
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # guillemets
        "\u00bb": '"',
    }
)
# Zero-width and direction-control characters: invisible, so never part of an identity.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def clean_text(value: str | None) -> str:
    """Return text as we store it: NFC-composed and trimmed; quotes and inner spacing kept."""
    if not value:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def matching_key(value: str | None) -> str:
    """Return the key two spellings of the same name share (NFKC, casefold, straight quotes)."""
    if not value:
        return ""
    text = unicodedata.normalize("NFKC", value).translate(_INVISIBLE)
    # casefold can produce decomposed sequences (e.g. "İ"), so normalize again after it.
    text = unicodedata.normalize("NFKC", text.casefold()).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def normalize_url(url: str | None) -> str:
    """Return the canonical form of a URL, used to recognise the same page twice.

    Scheme and host lower case, the default port dropped, the fragment and `utm_*` tracking
    parameters dropped; the rest of the query is kept in its order. An empty value stays empty.
    """
    url = (url or "").strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # not a URL we can take apart (e.g. "http://[::1"): kept as typed
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    if port and port != _DEFAULT_PORTS.get(scheme):
        netloc = f"{netloc}:{port}"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith("utm_")
        ]
    )
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, query, ""))


def url_host(url: str | None) -> str:
    """Return the lower-case host of a URL without a leading "www.", or ""."""
    try:
        host = (urlsplit((url or "").strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def domain_candidates(host: str) -> list[str]:
    """Return a host and its parent domains, longest first: a.b.example.org -> ..., example.org."""
    labels = [label for label in host.lower().split(".") if label]
    return [".".join(labels[i:]) for i in range(len(labels) - 1)]
