"""Small template helpers of cms_tags: the <option> builder and the meta description."""

from types import SimpleNamespace

from django.template import Context, Template

from cms.templatetags.cms_tags import meta_description, select_options


def test_select_options_marks_the_selected_value_and_escapes_everything():
    html = select_options(
        [("00004", "Phường Ba Đình"), ('x"><script>', "<b>Xã & thôn</b>")], "00004", blank="Tất cả"
    )
    assert html.startswith('<option value="">Tất cả</option>')
    assert '<option value="00004" selected>Phường Ba Đình</option>' in html
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Xã &amp; thôn&lt;/b&gt;" in html
    assert html.count(" selected") == 1


def test_select_options_in_a_template_is_not_escaped_twice():
    template = Template("{% load cms_tags %}<select>{% select_options choices value %}</select>")
    html = template.render(Context({"choices": [(1, "Một"), (2, "Hai")], "value": 2}))
    assert html == (
        '<select><option value="1">Một</option><option value="2" selected>Hai</option></select>'
    )


def test_meta_description_prefers_search_description_then_summary_then_intro():
    assert meta_description(SimpleNamespace(search_description="Mô tả", summary="Tóm tắt")) == (
        "Mô tả"
    )
    assert meta_description(SimpleNamespace(search_description="", summary="<p>Tóm tắt</p>")) == (
        "Tóm tắt"
    )
    assert meta_description(SimpleNamespace(intro="Giới thiệu")) == "Giới thiệu"
    assert meta_description(SimpleNamespace()) == ""
    assert len(meta_description(SimpleNamespace(intro="chữ " * 200))) == 300
