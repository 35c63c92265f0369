"""The one Markdown renderer: sanitised, and no text leaks into the next one rendered."""

from training.markup import render_markdown


def test_raw_html_and_script_links_do_not_survive():
    html = str(render_markdown("<script>alert(1)</script>\n\n[klik](javascript:alert(1)) *ok*"))
    assert "<script" not in html
    assert "javascript:" not in html
    assert "<em>ok</em>" in html


def test_a_link_reference_of_one_text_is_not_used_by_the_next():
    first = str(render_markdown("Zie [de kaart][k].\n\n[k]: https://example.org/kaart"))
    assert 'href="https://example.org/kaart"' in first
    second = str(render_markdown("Zie [de kaart][k]."))
    assert "href" not in second
    assert "[de kaart][k]" in second


def test_tables_and_lists_still_render():
    html = str(render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n3. drie\n4. vier"))
    assert "<table>" in html and "<td>1</td>" in html
    assert '<ol start="3">' in html


def test_a_long_text_is_rendered_without_the_cache_and_still_sanitised():
    from training import markup

    long_text = "*lang* " * (markup.CACHED_LENGTH // 7 + 10) + "<img src=x onerror=alert(1)>"
    before = markup._render_cached.cache_info().currsize
    html = str(render_markdown(long_text))
    assert "onerror" not in html and "<em>lang</em>" in html
    assert markup._render_cached.cache_info().currsize == before
