"""Errors on page URLs as HTML pages (the API's URLs keep their JSON bodies).

A planner who follows a link to an unknown park, organisation or chain
should see what went wrong and a way back, not a JSON object. Page URLs are
the explorer (``/``), the visualisations (``/viz/…``), the report
(``/parks/{id}/report``) and the API documentation pages; a request for one
of them that accepts ``text/html`` (every browser navigation does) gets the
HTML page, other clients (scripts, ``curl``) keep the JSON error body.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi.responses import HTMLResponse

__all__ = ["PAGE_ERRORS", "error_page", "is_page", "wants_page"]

_TITLES = {
    404: ("未找到", "Not found"),
    422: ("参数有误", "Invalid parameters"),
    500: ("服务器错误", "Server error"),
    503: ("数据库暂不可用", "Store unavailable"),
}


def is_page(path: str) -> bool:
    """True when ``path`` is a page a person opens (HTML), not an API URL (JSON).

    Examples
    --------
    >>> is_page("/viz/ego/E1"), is_page("/parks/P-YH/report"), is_page("/parks/P-YH")
    (True, True, False)
    >>> is_page("/"), is_page("/docs"), is_page("/orgs/E1")
    (True, True, False)
    """
    return (path in ("/", "/docs", "/redoc") or path.startswith("/viz/")
            or (path.startswith("/parks/") and path.endswith("/report")))


def wants_page(path: str, accept: str) -> bool:
    """True when an error for ``path`` should be an HTML page: a page URL asked for by a browser.

    Examples
    --------
    >>> browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    >>> wants_page("/viz/ego/X", browser), wants_page("/viz/ego/X", "*/*")
    (True, False)
    >>> wants_page("/orgs/X", browser)
    False
    """
    return is_page(path) and "text/html" in accept.lower()


def _detail_text(detail: object) -> str:
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict):
                loc = ".".join(str(x) for x in item.get("loc", ()))
                parts.append(f"{loc}: {item.get('msg', '')}" if loc else str(item.get("msg", "")))
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return str(detail)


def error_page(status: int, reason: str, detail: object,
               headers: dict[str, str] | None = None) -> HTMLResponse:
    """Return a small bilingual HTML page for an error, with a link back to the explorer.

    Examples
    --------
    >>> page = error_page(404, "not found", "unknown Organization id 'X'")
    >>> page.status_code, "unknown Organization id &#x27;X&#x27;" in page.body.decode()
    (404, True)
    >>> 'href="/"' in page.body.decode()
    True
    """
    zh, en = _TITLES.get(status, ("出错了", reason.capitalize()))
    message = escape(_detail_text(detail))
    body = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{status} {zh} · {escape(en)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 48px auto;
       max-width: 640px; color: #222; padding: 0 16px; }}
h1 {{ font-size: 22px; }} .code {{ color: #999; font-weight: normal; }}
p.msg {{ background: #fdf0f0; border: 1px solid #e8b4b4; padding: 10px 14px; }}
a.back {{ display: inline-block; margin-top: 12px; }}
</style></head>
<body data-error-status="{status}">
<h1><span class="code">{status}</span> {zh} · {escape(en)}</h1>
<p class="msg" id="error-detail">{message}</p>
<p><a class="back" href="/">← 返回园区创新生态图谱 · Back to the explorer</a>
 · <a href="javascript:history.back()">上一页 · previous page</a></p>
</body></html>
"""
    return HTMLResponse(body, status_code=status, headers=headers)


#: Error answers of a page URL, for the OpenAPI document: an HTML page for browsers
#: (``Accept: text/html``), the JSON error body for other clients.
PAGE_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": text, "content": {
        "text/html": {"schema": {"type": "string"}},
        "application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for code, text in ((404, "Unknown id (in a browser: an HTML page with a link back)"),
                       (422, "Invalid parameters"),
                       (503, "Store unavailable"))
}
