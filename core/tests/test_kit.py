"""The page kit: empty values read "Not recorded", links are escaped exactly once."""

from django.template import engines
from markupsafe import Markup

from core import kit


def _render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_empty_values_read_not_recorded_never_none():
    rows = kit.summary_rows([("Website", None), ("Short name", ""), ("Groups", []), ("Type", 0)])
    assert [r["value"] for r in rows] == [
        {"text": "Not recorded"},
        {"text": "Not recorded"},
        {"text": "Not recorded"},
        {"text": "0"},
    ]


def test_a_row_can_carry_its_own_empty_phrase_and_a_none_key_drops_it():
    rows = kit.summary_rows([("Reports to", None, "Does not report to a group"), (None, "x")])
    assert rows == [
        {"key": {"text": "Reports to"}, "value": {"text": "Does not report to a group"}}
    ]


def test_link_escapes_its_text_and_address_once():
    html = kit.link('/p/x/?a=1&b="2"', "Kent & Medway <Police>")
    assert isinstance(html, Markup)
    assert html == (
        '<a class="govuk-link" href="/p/x/?a=1&amp;b=&#34;2&#34;">Kent &amp; Medway &lt;Police&gt;</a>'
    )
    assert kit.link(None, "text") is None


def test_summary_list_macro_renders_links_as_links_and_text_as_text():
    out = _render(
        '{% from "core/kit.html" import summary_list %}'
        "{{ summary_list([('Organisation', link('/b/1/', 'Kent Police')), ('Note', '<b>x</b>'), ('Website', None)]) }}"
    )
    assert '<a class="govuk-link" href="/b/1/">Kent Police</a>' in out
    assert "&lt;b&gt;x&lt;/b&gt;" in out
    assert "Not recorded" in out
    assert "None" not in out


def test_recorded_filter_and_joined():
    assert _render("{{ none_value|recorded }}", none_value=None) == "Not recorded"
    assert _render("{{ v|recorded('None given') }}", v="") == "None given"
    out = _render("{{ joined([link('/a/', 'A & B'), 'C<D'], '; ') }}")
    assert out == '<a class="govuk-link" href="/a/">A &amp; B</a>; C&lt;D'


def test_scroll_region_is_labelled_and_focusable():
    out = _render(
        '{% from "core/kit.html" import scroll_region %}'
        "{% call scroll_region('Actions') %}<table></table>{% endcall %}"
    )
    assert out == (
        '<div class="csp-table-scroll" role="region" aria-label="Actions" tabindex="0"><table></table></div>'
    )
