"""The sanitiser API clients' HTML goes through (nh3 with our allow-list)."""

from __future__ import annotations

from cityhall.common.api.sanitize import sanitize_html


def absolute(url: str) -> str:
    return "http://h" + url


def test_sanitiser_removes_scripts_handlers_and_javascript_links():
    """Only structural markup survives; dangerous content is removed."""
    html = sanitize_html(
        '<p onclick="x()" style="color:red">a<script>alert(1)</script>'
        '<a href="java\tscript:alert(1)">b</a><iframe src="//x"></iframe>'
        "<custom-el>c</custom-el></p>",
        absolute_url=absolute,
    )
    assert html == "<p>a<a>b</a>c</p>"


def test_relative_links_become_absolute():
    """Links and images relative to the site point at it; protocol-relative ones
    are made https."""
    html = sanitize_html(
        '<a href="/guide/">案内</a><img src="//cdn.example/x.png" alt="図">',
        absolute_url=absolute,
    )
    assert html == (
        '<a href="http://h/guide/">案内</a>'
        '<img src="https://cdn.example/x.png" alt="図">'
    )


def test_safe_schemes_and_table_attributes_are_kept():
    """mailto:, tel: and https links stay; table spans and lang stay."""
    html = sanitize_html(
        '<p lang="en"><a href="mailto:a@city.example.jp">m</a>'
        '<a href="tel:0287-23-1111">t</a></p>'
        '<table><tr><th scope="row" colspan="2">h</th></tr></table>',
        absolute_url=absolute,
    )
    assert 'href="mailto:a@city.example.jp"' in html
    assert 'href="tel:0287-23-1111"' in html
    assert '<th scope="row" colspan="2">' in html
    assert '<p lang="en">' in html


def test_forms_comments_and_data_urls_are_removed():
    """Forms go with their content, comments go, a data: URL loses its link."""
    html = sanitize_html(
        '<!-- note --><form action="/x"><input name="q">送信</form>'
        '<a href="data:text/html,&lt;script&gt;">d</a>',
        absolute_url=absolute,
    )
    assert html == "<a>d</a>"
