"""The one sanitiser and the Markdown converter in front of it."""

from __future__ import annotations

import pytest

from digest.markdown_html import MarkdownConverter
from digest.sanitize import html_to_text, image_host_allowed, is_allowed_link, sanitize_html, scheme_of

MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {}}, "output_format": "html5"}


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "&#106;avascript:alert(1)",
    "java&#9;script:alert(1)", "javascript&colon;alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "file:///etc/passwd",
])
def test_links_with_other_schemes_lose_their_address(url):
    assert not is_allowed_link(url)
    cleaned = sanitize_html(f'<p><a href="{url}">x</a></p>')
    assert "href" not in cleaned and cleaned.startswith("<p><a") and ">x</a></p>" in cleaned


@pytest.mark.parametrize("url", ["https://example.org/a?b=1", "http://example.org/", "mailto:desk@example.org",
                                 "/articles/2022/x/", "#fn:1", "../images/a.png"])
def test_web_mail_and_site_addresses_are_kept(url):
    assert is_allowed_link(url)
    assert f'href="{url.replace("&", "&amp;")}"' in sanitize_html(f'<a href="{url}">x</a>')


def test_scripts_handlers_styles_and_frames_go_with_their_content():
    cleaned = sanitize_html(
        '<p onclick="alert(1)" style="color:red">a<script>alert(1)</script><svg onload=alert(1)><circle/></svg>'
        '<iframe src="https://example.org"></iframe><style>p{}</style><b>b</b></p><!-- note -->')
    assert cleaned == "<p>a<b>b</b></p>"


def test_pictures_load_only_from_the_site_and_allowed_hosts():
    html = '<img src="https://cdn.example.org/a.jpg" alt="a"><img src="/images/b.png" alt="b"><img src="//evil.example/c" alt="c">'
    assert sanitize_html(html) == '<img alt="a"><img src="/images/b.png" alt="b"><img alt="c">'
    assert sanitize_html(html, ["cdn.example.org"]).startswith('<img src="https://cdn.example.org/a.jpg" alt="a">')
    assert not image_host_allowed("data:image/png;base64,AAAA", ["cdn.example.org"])
    assert not image_host_allowed("ftp://cdn.example.org/a.jpg", ["cdn.example.org"])


def test_what_markdown_writes_survives():
    html = ('<h2 id="x">H</h2><p><em>e</em> <strong>s</strong> <code>c</code> <a href="#fn:1" class="footnote-ref">1</a></p>'
            '<blockquote><p>q</p></blockquote><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>b</td></tr></tbody></table>'
            '<ol><li id="fn:1">n</li></ol><pre><code class="language-py">x &lt; y</code></pre>')
    assert sanitize_html(html) == html.replace('class="footnote-ref"', 'class="footnote-ref" rel="noopener noreferrer"')


def test_plain_text_of_html():
    assert html_to_text('<p>A &amp; B said "<em>no</em>" <script>x()</script>\n  again</p>') == 'A & B said "no" again'
    assert scheme_of("  HTTPS://x") == "https" and scheme_of("/a:b") == ""


def test_markdown_shows_raw_html_as_text_and_links_pictures_from_elsewhere():
    converter = MarkdownConverter(MARKDOWN)
    html = converter.convert('<script>alert(1)</script>\n\nSee ![the map](https://maps.example.org/m.png) '
                             'and ![local](/images/l.png) and [bad](javascript:alert(1)).')
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert '<a class="external-image" href="https://maps.example.org/m.png" rel="noopener noreferrer">the map</a>' in html
    assert '<img alt="local" src="/images/l.png">' in html
    assert '<a rel="noopener noreferrer">bad</a>' in html
    allowed = MarkdownConverter(MARKDOWN, ["maps.example.org"]).convert("![the map](https://maps.example.org/m.png)")
    assert '<img alt="the map" src="https://maps.example.org/m.png">' in allowed


def test_image_hosts_are_host_names_only_since_they_go_into_the_policy():
    from digest.sanitize import content_security_policy, image_hosts_of

    hosts, bad = image_hosts_of(["Images.Example.org", "*.cdn.example.net", "x; script-src *", "https://a.org", 3])
    assert hosts == ("images.example.org", "*.cdn.example.net") and bad == ["x; script-src *", "https://a.org", 3]
    policy = content_security_policy(hosts)
    assert "img-src 'self' data: images.example.org *.cdn.example.net;" in policy
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy and "unsafe-inline" not in policy


def test_a_wildcard_host_allows_the_hosts_below_it_as_the_policy_does():
    hosts = ("*.cdn.example.net",)
    assert image_host_allowed("https://img.cdn.example.net/a.png", hosts)
    assert not image_host_allowed("https://cdn.example.net.evil.example/a.png", hosts)
    assert not image_host_allowed("https://evilcdn.example.net/a.png", hosts)
    assert 'src="https://img.cdn.example.net/a.png"' in sanitize_html('<img src="https://img.cdn.example.net/a.png">', hosts)


@pytest.mark.parametrize("extensions", ["none", "Pelican's"])
def test_a_document_is_converted_as_with_every_inline_pattern(extensions):
    # MarkdownConverter leaves out the inline patterns a document cannot use; the HTML must be what
    # the whole set makes, on every mix of markup (tabs and CR LF too, which become spaces and LF).
    import random

    from pelican.settings import DEFAULT_CONFIG

    settings = DEFAULT_CONFIG["MARKDOWN"] if extensions == "Pelican's" else {}
    converter = MarkdownConverter(settings, ("images.example.org",))
    every_pattern = converter._new_markdown(())

    def with_every_pattern(text: str) -> str:
        every_pattern.reset()
        return sanitize_html(every_pattern.convert(text), converter.image_hosts)

    pieces = ["*", "**", "_", "__", "`", "\\", "\\*", "[", "]", "(", ")", "![", "<", ">", "&", "&amp;", "&#38;",
              "  \n", "\t", "\n", "\n\n", "\r\n", "word", " ", "<http://a.example/c>", "<me@a.example>",
              "[a](http://b.example)", "[a][b]\n\n[b]: http://c.example", "![i](http://images.example.org/x.png)",
              "![i](http://elsewhere.example/x.png)", "`code`", "# h", "> q", "- l", "1. n", "    code", "_a_",
              "**b**", "a_b_c", "&copy;", "x\t\ny", "http://[oops/", "[^1]", "\n\n[^1]: note", "| a |\n|---|\n| b |",
              "```\ncode\n```", "*[HTML]: Hyper", "{: .x}", "term\n: definition"]
    rng = random.Random(12)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))) for _ in range(3000)]
    assert [converter.convert(text) for text in texts] == [with_every_pattern(text) for text in texts]
    assert len(converter._variants) > 8  # the documents did leave patterns out


def test_pelicans_markdown_extensions_work_as_in_pelican_but_meta():
    # Pelican's default MARKDOWN configures extra and codehilite; Pelican's reader loads every
    # extension configured, and so does digest's, but meta: a digest's header is YAML front matter,
    # and meta would take a body's first "Place: ..." line for a header and drop it.
    from pelican.settings import DEFAULT_CONFIG

    html = MarkdownConverter(DEFAULT_CONFIG["MARKDOWN"]).convert(
        "Jakarta: the ministry spoke.\n\n| Year | Troops |\n|---|---|\n| 2022 | 9,000 |\n\n"
        "A claim[^1].\n\n[^1]: The ministry's figure.\n\n```\nraw <b>code</b>\n```\n")
    assert "<p>Jakarta: the ministry spoke.</p>" in html
    assert "<th>Troops</th>" in html and "<td>9,000</td>" in html
    assert '<sup id="fnref:1"><a class="footnote-ref" href="#fn:1"' in html and '<li id="fn:1">' in html
    assert "<pre>" in html and "&lt;b&gt;" in html and "<b>" not in html
