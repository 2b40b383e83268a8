"""Cells and file names safe to hand to a spreadsheet or a browser.

Every CSV ecograph writes for people (API downloads, ``rejects.csv``) passes
its text cells through :func:`safe_cell`, and every download name through
:func:`content_disposition`.
"""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["FORMULA_STARTS", "content_disposition", "safe_cell"]

#: A cell starting with one of these is read as a formula by spreadsheets (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(text: str) -> str:
    """Prefix ``'`` to a text cell a spreadsheet would evaluate (CSV injection, OWASP).

    Examples
    --------
    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("-2+3"), safe_cell("@SUM(A1)")
    ('\\'=HYPERLINK("http://x")', "'-2+3", "'@SUM(A1)")
    >>> safe_cell("甲公司"), safe_cell("")
    ('甲公司', '')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def content_disposition(filename: str) -> str:
    """An RFC 6266 ``attachment`` header value: an ASCII fallback and ``filename*`` (UTF-8).

    Examples
    --------
    >>> content_disposition("orgs.csv")
    'attachment; filename="orgs.csv"'
    >>> print(content_disposition('gaps-高新区-"x".csv'))  # doctest: +NORMALIZE_WHITESPACE
    attachment; filename="gaps-___-_x_.csv";
    filename*=UTF-8''gaps-%E9%AB%98%E6%96%B0%E5%8C%BA-%22x%22.csv
    """
    fallback = "".join(c if " " <= c <= "~" and c not in '"\\;/' else "_" for c in filename)
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
