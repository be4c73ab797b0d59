"""Shorthands for writing demo page bodies in Wagtail's StreamField JSON form."""

from __future__ import annotations

from html import escape


def heading(text: str) -> dict:
    return {"type": "heading", "value": text}


def paragraph(*lines: str) -> dict:
    """One rich-text block; each argument becomes a <p> (already-escaped HTML
    fragments such as <ul> are passed through when they start with '<')."""
    html = "".join(
        line if line.startswith("<") else f"<p>{escape(line)}</p>" for line in lines
    )
    return {"type": "paragraph", "value": html}


def bullets(*items: str) -> str:
    """A <ul> fragment for :func:`paragraph`."""
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


def notice(title: str, *lines: str) -> dict:
    text = "".join(
        line if line.startswith("<") else f"<p>{escape(line)}</p>" for line in lines
    )
    return {"type": "notice", "value": {"title": title, "text": text}}


def table(caption: str, rows: list[list[str]]) -> dict:
    """A table block; the first row is the header row."""
    return {"type": "table", "value": {"caption": caption, "rows": rows}}
