"""The few HTML pieces the pages are made of: every text escaped, no script, no file
from elsewhere (the pages work offline and print as they show)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlencode

__all__ = ["PAGE_HEADERS", "Html", "bar", "heading", "link", "page", "paragraph", "table", "text"]

#: What every page is sent with: nothing may run or load from elsewhere (no script at all,
#: styles only inline, images only from here), and the browser takes types as sent.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    # Not no-referrer: a browser would then send its sign-in form with "Origin: null".
    "Referrer-Policy": "same-origin",
}

_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;color:#1d2b36}
header{background:#0a5e2f;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;flex-wrap:wrap}
header a{color:#fff}main{padding:1em 1.5em;max-width:70em}
table{border-collapse:collapse;margin:.6em 0 1.4em}th,td{border-bottom:1px solid #d5dde3;
padding:.3em .7em;text-align:left;vertical-align:top}td.n{text-align:right}
th{background:#eef3f6}.bar{background:#dfe7ec;width:8em;height:.8em;display:inline-block}
.bar span{background:#0a7e3c;height:100%;display:block}.muted{color:#5b6b77}
"""


class Html(str):
    """Text that is HTML already (made here, its parts escaped)."""


def text(value: object) -> Html:
    return value if isinstance(value, Html) else Html(escape(str(value)))


def link(href: str, label: object, **query: str | None) -> Html:
    given = {k: v for k, v in query.items() if v is not None}
    target = href + ("?" + urlencode(given) if given else "")
    return Html(f'<a href="{escape(target)}">{text(label)}</a>')


def bar(percent: float | None) -> Html:
    if percent is None:
        return Html("")
    width = max(0.0, min(percent, 100.0))
    return Html(f'<span class="bar"><span style="width:{width:.1f}%"></span></span>')


def table(
    header: Sequence[object], rows: Iterable[Sequence[object]], *, numeric: Sequence[int] = ()
) -> Html:
    """A table of cells: each a text (escaped) or :class:`Html` made here."""
    head = "".join(f"<th>{text(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{text(c)}</td>' if i in numeric else f"<td>{text(c)}</td>"
            for i, c in enumerate(row)
        ) + "</tr>"
        for row in rows
    )  # fmt: skip
    return Html(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def page(title: str, body: Iterable[str], *, lang: str, nav: Sequence[Html]) -> str:
    parts = "\n".join(text(part) for part in body)
    links = " ".join(nav)
    return (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{text(title)} · umkm_ledger</title><style>{_STYLE}</style></head>"
        f"<body><header>{links}</header><main><h1>{text(title)}</h1>\n{parts}</main></body></html>"
    )


def heading(level: int, value: object) -> Html:
    return Html(f"<h{level}>{text(value)}</h{level}>")


def paragraph(*values: object, muted: bool = False) -> Html:
    css = ' class="muted"' if muted else ""
    return Html(f"<p{css}>" + " ".join(text(v) for v in values) + "</p>")
