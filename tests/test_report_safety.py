"""Reports against hostile dossiers, broken files, existing outputs and custom templates."""

from __future__ import annotations

import datetime
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Call, reference_text
from grantgrid.cli import app
from grantgrid.evaluation import Run
from grantgrid.outputs.files import OutputError, inside, safe_name
from grantgrid.outputs.report import (
    ReportError,
    markdown,
    render_reports,
    report_names,
    write_reports,
)
from grantgrid.outputs.report.context import css_string, safe_url

DAY = datetime.date(2026, 11, 23)
TEMPLATE_INJECTION = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
TEMPLATE_LOOP = "{% for i in range(10**9) %}x{% endfor %}"


def hostile(call: Call) -> Path:
    """The reference dossier with payloads in every kind of text a report prints."""
    text = reference_text()
    text = text.replace(
        "title: Révolution numérique et ambition culturelle",
        'title: "<script>alert(1)</script> *gras* [lien](http://evil.example) | pipe _x_ `code`"',
    )
    text = text.replace(
        "  name: Association Des Lendemains qui chantent",
        "  name: '\"><img src=x onerror=alert(1)>'\n  website: 'javascript:alert(1)'",
    )
    text = text.replace(
        '  address: "Avenue du Lieutenant Colonel Faro 19000 TULLE"',
        "  address: 'x onmouseover=alert(1)'",
    )
    text = text.replace(
        'remarks: ""',
        f"remarks: |\n  {TEMPLATE_INJECTION}\n  {TEMPLATE_LOOP}\n  # pas un titre\n  | a | b |",
    )
    return call.dossier("hostile.yaml", text)


class Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def elements(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Elements()
    parser.feed(page)
    return parser.tags


def render(run: Run, fmt: str) -> dict[str, str]:
    return {name: text for name, _, text in render_reports(run, fmt=fmt, today=DAY)}


def test_html_report_escapes_dossier_text(call: Call) -> None:
    hostile(call)
    run = call.run()
    for name, page in render(run, "html").items():
        tags = elements(page)
        assert not [t for t, _ in tags if t in ("script", "img", "iframe", "object")], name
        assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")], name
        hrefs = [v for _, attrs in tags for a, v in attrs if a == "href"]
        assert not [h for h in hrefs if h and "javascript" in h.lower()], name
    page = render(run, "html")["DLQC-2017-01.html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:alert(1)" in page  # shown as text, never as a link


def test_dossier_text_is_never_compiled_as_a_template(call: Call) -> None:
    hostile(call)
    run = call.run()
    page = render(run, "html")["DLQC-2017-01.html"]
    assert "{{ &#39;&#39;.__class__.__mro__[1].__subclasses__() }}" in page
    assert "{% for i in range(10**9) %}x{% endfor %}" in page
    assert "\\_\\_subclasses\\_\\_() }}" in render(run, "md")["DLQC-2017-01.md"]


def test_markdown_report_escapes_dossier_text(call: Call) -> None:
    hostile(call)
    page = render(call.run(), "md")["DLQC-2017-01.md"]
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\*gras\\* \\[lien\\](http://evil.example) \\| pipe \\_x\\_ \\`code\\`" in page
    assert "](javascript" not in page
    assert "pas un titre" in page
    assert not [line for line in page.splitlines() if line.startswith("# pas")]
    # Every row of a table keeps its cells on one line and its own number of pipes.
    for line in page.splitlines():
        if line.startswith("| ") and "Intitulé" in line:
            assert line.count(" | ") == 1 and line.endswith(" |")


def test_markdown_escaper() -> None:
    assert markdown.escape("<b>&</b>") == "&lt;b&gt;&amp;&lt;/b&gt;"
    assert markdown.escape("a|b [c] *d* _e_ `f` \\ ~g~") == (
        "a\\|b \\[c\\] \\*d\\* \\_e\\_ \\`f\\` \\\\ \\~g\\~"
    )
    assert markdown.escape("# titre\n- item\n1. un") == "\\# titre\n\\- item\n1\\. un"
    # A line break the applicant typed stays one; paragraphs and list items too.
    assert markdown.cell("ligne 1\nligne 2\n\n- a\n- b") == "ligne 1<br>ligne 2<br>• a<br>• b"
    assert "\n" not in markdown.cell("a\r\nb")
    assert markdown.link_target("https://x.example/a b)(") == "https://x.example/a%20b%29%28"


def test_only_http_https_and_mailto_links() -> None:
    assert safe_url("https://asso.example/") == "https://asso.example/"
    assert safe_url("mailto:contact@asso.example") == "mailto:contact@asso.example"
    for url in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "//evil.example",
        "http:/x",
        " vbscript:x",
    ]:
        assert safe_url(url) is None, url


def test_a_safe_website_becomes_a_link(call: Call) -> None:
    call.dossier(
        "ref.yaml",
        reference_text().replace(
            "  status: association", "  status: association\n  website: https://dlqc.example/"
        ),
    )
    pages = render(call.run(), "html")
    assert (
        '<a href="https://dlqc.example/" rel="noopener noreferrer">' in pages["DLQC-2017-01.html"]
    )


def test_file_names_stay_inside_the_output_folder(tmp_path: Path) -> None:
    assert safe_name("../../etc/x") == "etc-x"
    assert inside(tmp_path, safe_name("../../etc/x")) == tmp_path / "etc-x"
    with pytest.raises(OutputError):
        inside(tmp_path, "../../etc/x")
    with pytest.raises(OutputError):
        inside(tmp_path, "/etc/x")


def test_report_names_are_distinct_and_never_the_index(call: Call) -> None:
    text = reference_text()
    call.dossier("a.yaml", text)
    call.dossier("b.yaml", text)  # the same id twice: both invalid, both reported
    call.dossier("c.yaml", text.replace("dossier: DLQC-2017-01", "dossier: index"))
    call.dossier("d.yaml", text.replace("dossier: DLQC-2017-01", "dossier: dlqc-2017-01"))
    names = report_names(call.run().ordered(), "html")
    assert len(set(n.lower() for n in names)) == 4
    assert "index.html" not in names and "index-2.html" in names


def test_refuses_to_overwrite_without_force_and_writes_nothing(call: Call, tmp_path: Path) -> None:
    call.dossier("ref.yaml", reference_text())
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("précieux", encoding="utf-8")
    with pytest.raises(OutputError, match="already exists"):
        write_reports(call.run(), out)
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]  # every target checked first
    assert (out / "index.html").read_text(encoding="utf-8") == "précieux"
    written = write_reports(call.run(), out, force=True)
    assert [w.path.name for w in written] == ["DLQC-2017-01.html", "index.html"]
    assert not list(out.glob(".*.tmp"))


def test_refuses_a_file_as_output_folder(call: Call, tmp_path: Path) -> None:
    call.dossier("ref.yaml", reference_text())
    target = tmp_path / "reports"
    target.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(call.root / "applications"), "-o", str(target)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_custom_template_overrides_and_the_rest_falls_back(call: Call, tmp_path: Path) -> None:
    call.dossier("ref.yaml", reference_text())
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.html").write_text(
        "<p>Fiche maison {{ dossier.id }} : {{ financing.total_expenses|eur }} {{ dossier.title }}</p>\n",
        encoding="utf-8",
    )
    pages = {name: text for name, _, text in render_reports(call.run(), templates=custom)}
    assert pages["DLQC-2017-01.html"].startswith(
        "<p>Fiche maison DLQC-2017-01 : 45\u202f848,51\u00a0€"
    )
    assert '<table class="index">' in pages["index.html"]  # built-in


def test_custom_template_that_includes_the_built_in_style(call: Call, tmp_path: Path) -> None:
    call.dossier("ref.yaml", reference_text())
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.css").write_text("body { color: purple; }", encoding="utf-8")
    pages = {name: text for name, _, text in render_reports(call.run(), templates=custom)}
    assert "body { color: purple; }" in pages["DLQC-2017-01.html"]
    assert '<table class="grid">' in pages["DLQC-2017-01.html"]


@pytest.mark.parametrize(
    "template",
    [
        "{% if %}",  # syntax
        "{{ dossier.no_such_key }}",  # StrictUndefined
        "{{ dossier.id() }}",  # calling a text
    ],
)
def test_a_broken_custom_template_is_a_usage_error(
    call: Call, tmp_path: Path, template: str
) -> None:
    call.dossier("ref.yaml", reference_text())
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.html").write_text(template, encoding="utf-8")
    with pytest.raises(ReportError, match=r"report\.html"):
        render_reports(call.run(), templates=custom)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["report", str(call.root / "applications"), "-o", str(out), "--templates", str(custom)],
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not out.exists()


def test_a_custom_template_cannot_reach_python(call: Call, tmp_path: Path) -> None:
    """Templates run sandboxed: a `templates/` folder unpacked with an applicant's files
    cannot run commands through Python's internals."""
    call.dossier("ref.yaml", reference_text())
    marker = tmp_path / "PWNED"
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.html").write_text(
        "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}",
        encoding="utf-8",
    )
    with pytest.raises(ReportError, match=r"report\.html"):
        render_reports(call.run(), templates=custom)
    assert not marker.exists()


def test_invalid_dossiers_get_a_report_and_never_stop_the_others(
    call: Call, tmp_path: Path
) -> None:
    call.dossier("ref.yaml", reference_text())
    call.dossier("broken.yaml", "dossier: [unclosed\n")
    call.dossier("schema.yaml", "dossier: BAD-1\ntitle: 12\n")
    call.dossier(
        "unbalanced.yaml",
        reference_text()
        .replace("dossier: DLQC-2017-01", "dossier: UNBAL-1")
        .replace("{funder: leader, amount: 29343.05}", "{funder: leader, amount: 29000}"),
    )
    call.dossier(
        "nogrid.yaml",
        reference_text()
        .replace("dossier: DLQC-2017-01", "dossier: NOGRID-1")
        .replace("grid: leader-tulle-2014-2020", "grid: no-such-grid"),
    )
    out = tmp_path / "out"
    for fmt in ["html", "md"]:
        result = CliRunner().invoke(
            app, ["report", str(call.root / "applications"), "-o", str(out), "--format", fmt]
        )
        assert result.exit_code == 1, result.output  # the run has errors
        assert "Traceback" not in result.output
        names = sorted(p.name for p in out.glob(f"*.{fmt}"))
        assert names == sorted(
            f"{n}.{fmt}"
            for n in ["DLQC-2017-01", "broken", "BAD-1", "UNBAL-1", "NOGRID-1", "index"]
        )
    page = (out / "UNBAL-1.html").read_text(encoding="utf-8")
    assert "invalide" in page and "budget.unbalanced" in page and "✗" in page
    assert "yaml.syntax" in (out / "broken.html").read_text(encoding="utf-8")
    assert "grid.not_found" in (out / "NOGRID-1.html").read_text(encoding="utf-8")
    schema_page = (out / "BAD-1.md").read_text(encoding="utf-8")
    assert "schema." in schema_page and "BAD-1" in schema_page
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("DLQC-2017-01.html") < index.index("UNBAL-1.html")  # ranked first


def test_the_calls_templates_folder_is_used_automatically(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    call.dossier("ref.yaml", reference_text())
    (call.root / "templates").mkdir()
    (call.root / "templates" / "report.md").write_text("Fiche {{ dossier.id }}\n", encoding="utf-8")
    monkeypatch.chdir(call.root)
    result = CliRunner().invoke(app, ["report", "-o", "out", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert (call.root / "out" / "DLQC-2017-01.md").read_text(
        encoding="utf-8"
    ) == "Fiche DLQC-2017-01\n"
    assert (call.root / "out" / "index.md").read_text(encoding="utf-8").startswith("# Dossiers")


def test_never_writes_over_an_input_even_through_a_link(call: Call, tmp_path: Path) -> None:
    dossier = call.dossier("ref.yaml", reference_text())
    before = dossier.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    (out / "DLQC-2017-01.html").symlink_to(dossier)
    result = CliRunner().invoke(
        app, ["report", str(call.root / "applications"), "-o", str(out), "--force"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert dossier.read_bytes() == before
    assert (out / "DLQC-2017-01.html").is_symlink()
    assert sorted(p.name for p in out.iterdir()) == ["DLQC-2017-01.html"]


def test_markdown_report_renders_as_gfm_without_markup_from_the_dossier(call: Call) -> None:
    """Rendered as GitHub would (GFM tables, raw HTML allowed): only our <br> is HTML."""
    from markdown_it import MarkdownIt  # rich's dependency

    hostile(call)
    md = render(call.run(), "md")["DLQC-2017-01.md"]
    html = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(md)
    tags = elements(html)
    assert not [t for t, _ in tags if t in ("script", "img", "iframe", "del")]
    names = [t for t, _ in tags]
    assert names.count("em") == 1 and names.count("code") == 2  # the page's own: kicker, hashes
    assert not [a for _, attrs in tags for a, _ in attrs if a.startswith("on")]
    # No link but the page's own way back to the index.
    assert [v for _, attrs in tags for a, v in attrs if a == "href"] == ["index.md"]
    h1 = html[html.index("<h1>") : html.index("</h1>")]
    assert "<" not in h1[4:] and "*gras*" in h1 and "`code`" in h1
    # Every table row has as many cells as its header: no pipe or newline broke a row.
    for table in re.findall(r"<table>.*?</table>", html, re.S):
        header = len(re.findall(r"<th[ >]", table.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("</thead>")[1], re.S):
            assert len(re.findall(r"<td[ >]", row)) == header


def test_a_hostile_id_of_an_invalid_dossier_still_lands_inside(call: Call, tmp_path: Path) -> None:
    call.dossier("evil.yaml", 'dossier: "../../etc/cron.d/x"\ntitle: t\n')
    out = tmp_path / "deep" / "out"
    written = write_reports(call.run(), out)
    assert [w.path.name for w in written] == ["etc-cron.d-x.html", "index.html"]
    assert all(w.path.resolve().parent == out.resolve() for w in written)
    assert "../../etc/cron.d/x" in written[0].path.read_text(encoding="utf-8")


def test_reports_are_refused_in_the_input_folder(tmp_path: Path) -> None:
    """RELIABILITY row 23: the output folder must not be the dossiers' folder."""
    from typer.testing import CliRunner

    from grantgrid.cli import app

    folder = tmp_path / "applications"
    folder.mkdir()
    dossier = folder / "d.yaml"
    dossier.write_bytes(
        (Path(__file__).resolve().parent.parent / "applications" / "dlqc-2017-01.yaml").read_bytes()
    )
    before = sorted(p.name for p in folder.iterdir())
    grids = Path(__file__).resolve().parent.parent / "grids"
    result = CliRunner().invoke(
        app, ["report", str(folder), "-o", str(folder), "--grids", str(grids)]
    )
    assert result.exit_code == 2
    assert "contient des fichiers lus" in result.output
    assert sorted(p.name for p in folder.iterdir()) == before


def test_single_line_breaks_are_kept_and_still_escaped(call: Call) -> None:
    """A line break the applicant typed stays one ("Nos objectifs :⏎1. former…"): each line is
    escaped first, then the lines are joined by <br>."""
    text = reference_text().replace(
        '  address: "Avenue du Lieutenant Colonel Faro 19000 TULLE"',
        '  address: "12 rue X\\n19000 TULLE"',
    )
    text = text.replace(
        "    amont: |\n      Projet visant",
        "    amont: |\n      Nos objectifs :\n      <script>alert(1)</script>\n"
        "      2. ouvrir <b>3</b> ateliers\n\n      Projet visant",
    )
    text = text.replace('remarks: ""', 'remarks: "Reçu le 12/03\\n# pas un titre <i>"')
    call.dossier("ref.yaml", text)
    run = call.run()
    page = render(run, "html")["DLQC-2017-01.html"]
    assert "<td>12 rue X<br>19000 TULLE</td>" in page
    assert (
        "<p>Nos objectifs :<br>&lt;script&gt;alert(1)&lt;/script&gt;<br>"
        "2. ouvrir &lt;b&gt;3&lt;/b&gt; ateliers</p>"
    ) in page
    assert "<p>Reçu le 12/03<br># pas un titre &lt;i&gt;</p>" in page
    tags = [t for t, _ in elements(page)]
    assert "script" not in tags and "b" not in tags and "i" not in tags
    md = render(run, "md")["DLQC-2017-01.md"]
    assert "| Coordonnées | 12 rue X<br>19000 TULLE |" in md
    assert (
        "Nos objectifs :<br>&lt;script&gt;alert(1)&lt;/script&gt;<br>"
        "2\\. ouvrir &lt;b&gt;3&lt;/b&gt; ateliers"
    ) in md
    assert "Reçu le 12/03<br>\n\\# pas un titre &lt;i&gt;\n" in md  # a paragraph, not a heading
    assert "<script>" not in md and "<b>" not in md


def test_the_page_margin_label_cannot_leave_its_css_string(call: Call) -> None:
    """An invalid dossier's id reaches the @page rule: escaped for CSS, never closing <style>."""
    assert css_string("DLQC-2017-01") == '"DLQC-2017-01"'
    assert (
        css_string('a"b\\c</style>é')
        == '"a\\000022b\\00005cc\\00003c\\00002fstyle\\00003e\\0000e9"'
    )
    call.dossier("evil.yaml", "dossier: '\"; } </style><script>alert(1)</script>'\ntitle: t\n")
    page = render(call.run(), "html")["style-script-alert-1-script.html"]
    assert page.count("</style>") == 2 and "<script" not in page
    assert '@bottom-left { content: "\\000022\\00003b \\00007d \\00003c' in page


# --- issue 13, item 2: templates bounded in memory and time ----------------------------------

RESOURCE_HOGS = {
    "multiplied text": "{{ 'x' * 4000000000 }}",
    "multiplied list": "{{ ([1] * 100000) * 100000 }}",
    "power": "{{ 10 ** 100000000 }}",
    "padding method": "{{ 'x'.center(4000000000) }}",
    "padding filter": "{{ 'x'|center(4000000000) }}",
    "indent filter": "{{ 'x\ny'|indent(4000000000) }}",
    "percent width": "{{ '%999999999d' % 1 }}",
    "format width": "{{ '{:>999999999}'.format(1) }}",
    "nested format width": "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "format filter": "{{ '%999999999d'|format(1) }}",
    "lorem ipsum": "{{ lipsum(100000000) }}",
    "nested loops": "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "nested loops over lists": (
        "{% for i in range(100000)|list %}{% for j in range(100000)|list %}x{% endfor %}"
        "{% endfor %}"
    ),
    "growing output": "{% set s = 'x' * 1000000 %}{% for i in range(100000) %}{{ s }}{% endfor %}",
    "growing macro": (
        "{% macro m() %}{% for i in range(100000) %}{{ 'y' * 1000000 }}{% endfor %}{% endmacro %}"
        "{{ m() }}"
    ),
    "endless recursion": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
}


@pytest.mark.parametrize("name", sorted(RESOURCE_HOGS))
def test_a_template_that_would_exhaust_memory_or_time_is_a_report_error(
    call: Call, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Stopped within its budget, named, exit 2, no traceback, nothing written."""
    import time

    from grantgrid.outputs.report import bounds

    monkeypatch.setattr(bounds, "RENDER_SECONDS", 1.0)  # the default (5 s) would slow the suite
    call.dossier("ref.yaml", reference_text())
    (call.root / "templates").mkdir()
    (call.root / "templates" / "report.html").write_text(RESOURCE_HOGS[name], encoding="utf-8")
    monkeypatch.chdir(call.root)
    started = time.monotonic()
    result = CliRunner().invoke(app, ["report", "-o", "out"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert "grantgrid: template " in result.output and "report.html" in result.output
    assert "stopped" in result.output
    assert elapsed < 10, elapsed  # a budget of 1 s here; slack for a loaded machine
    assert not (call.root / "out").exists()


def test_reasonable_templates_still_use_operators_and_padding(call: Call, tmp_path: Path) -> None:
    call.dossier("ref.yaml", reference_text())
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.html").write_text(
        "{{ '-' * 10 }}|{{ 'x'|center(5) }}|{{ '%05d' % 42 }}|{{ '{:>4}'.format(7) }}|"
        "{{ 2 ** 10 }}|{{ ([0] * 3)|length }}|{% for i in range(3) %}{{ i }}{% endfor %}",
        encoding="utf-8",
    )
    pages = {name: text for name, _, text in render_reports(call.run(), templates=custom)}
    assert pages["DLQC-2017-01.html"] == "----------|  x  |00042|   7|1024|3|012"


def test_time_the_machine_spends_elsewhere_does_not_count() -> None:
    """The budget is the process's CPU time: a report rendered while other programs keep the
    machine busy (here: while the process waits) is not stopped."""
    import time

    from grantgrid.outputs.report.bounds import render_budget

    with render_budget(0.05):
        time.sleep(0.3)


def test_the_render_deadline_also_holds_without_a_timer_signal(
    call: Call, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where SIGALRM cannot be used (Windows, a thread), a trace function keeps the deadline."""
    import signal

    from grantgrid.outputs.report import bounds

    call.dossier("ref.yaml", reference_text())
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.html").write_text(RESOURCE_HOGS["nested loops"], encoding="utf-8")
    monkeypatch.delattr(signal, "setitimer")
    monkeypatch.setattr(bounds, "RENDER_SECONDS", 0.3)
    with pytest.raises(ReportError, match=r"report\.html.*stopped, it ran for more than"):
        render_reports(call.run(), templates=custom)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="FIFOs")
def test_a_template_that_is_a_fifo_or_huge_is_refused_without_waiting(
    call: Call, tmp_path: Path
) -> None:
    import os

    call.dossier("ref.yaml", reference_text())
    custom = tmp_path / "templates"
    custom.mkdir()
    os.mkfifo(custom / "report.html")
    with pytest.raises(ReportError, match=r"report\.html: not a regular file"):
        render_reports(call.run(), templates=custom)
    (custom / "report.html").unlink()
    with (custom / "report.html").open("wb") as stream:
        stream.truncate(3 * 1024**3)
    with pytest.raises(ReportError, match=r"report\.html: larger than"):
        render_reports(call.run(), templates=custom)


def test_the_calls_templates_folder_is_announced(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    call.dossier("ref.yaml", reference_text())
    (call.root / "templates").mkdir()
    monkeypatch.chdir(call.root)
    result = CliRunner().invoke(app, ["report", "-o", "out"])
    assert result.exit_code == 0, result.output
    assert "Modèles : ./templates" in result.output


# --- issue 13, item 5: a report set is written all or nothing --------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def three_dossiers(call: Call) -> None:
    text = reference_text()
    for number in (1, 2, 3):
        call.dossier(f"d{number}.yaml", text.replace("DLQC-2017-01", f"DLQC-2017-0{number}"))


def fail_on(count: int, exception: BaseException):  # type: ignore[no-untyped-def]
    """A writer that writes `count - 1` files, then fails with `exception`."""
    from grantgrid.outputs import fileset

    real = fileset.stage
    calls = []

    def failing(path: Path, content: bytes) -> None:
        calls.append(path)
        if len(calls) == count:
            path.write_bytes(content[: len(content) // 2])  # half a file, as a full disk does
            raise exception
        real(path, content)

    return failing


@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_part_way_leaves_the_folder_as_it_was(
    call: Call, monkeypatch: pytest.MonkeyPatch, existing: bool
) -> None:
    import errno

    from grantgrid.outputs import fileset

    three_dossiers(call)
    monkeypatch.chdir(call.root)
    out = call.root / "out"
    if existing:  # a previous run's reports, replaced with --force
        assert CliRunner().invoke(app, ["report", "-o", "out", "--quiet"]).exit_code == 0
        (out / "DLQC-2017-01.html").write_text("previous report", encoding="utf-8")
        (out / "notes.txt").write_text("the secretary's notes", encoding="utf-8")
    before = snapshot(out)
    monkeypatch.setattr(
        fileset, "stage", fail_on(3, OSError(errno.ENOSPC, "No space left on device"))
    )
    result = CliRunner().invoke(app, ["report", "-o", "out", "--force", "--quiet"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "disque plein" in result.output and "rien n'a été écrit" in result.output
    assert "Excel" not in result.output
    assert snapshot(out) == before
    assert [p.name for p in call.root.iterdir() if "grantgrid-tmp" in p.name] == []


@pytest.mark.parametrize("when", ["staging", "moving in"])
def test_an_interruption_part_way_restores_every_previous_report(
    call: Call, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """SIGTERM (a SystemExit once `exit_on_sigterm` is installed) while writing, or a failure
    while moving the files in: the old reports and index are all back, none of the new."""
    from grantgrid.outputs import fileset

    three_dossiers(call)
    monkeypatch.chdir(call.root)
    assert CliRunner().invoke(app, ["report", "-o", "out", "--quiet"]).exit_code == 0
    out = call.root / "out"
    for page in out.iterdir():
        page.write_text(f"previous {page.name}", encoding="utf-8")
    before = snapshot(out)
    if when == "staging":
        monkeypatch.setattr(fileset, "stage", fail_on(2, SystemExit(143)))
    else:
        real_replace, moves = os.replace, []

        def failing_replace(source: object, target: object) -> None:
            moves.append(target)
            if len(moves) == 5:  # the third report: two are already in place
                raise PermissionError(13, "Permission denied")
            real_replace(source, target)  # type: ignore[arg-type]

        monkeypatch.setattr(fileset.os, "replace", failing_replace)
    result = CliRunner().invoke(app, ["report", "-o", "out", "--force", "--quiet"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert snapshot(out) == before
    assert [p.name for p in call.root.iterdir() if "grantgrid-tmp" in p.name] == []


def test_a_new_report_folder_appears_whole_or_not_at_all(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from grantgrid.outputs import fileset

    three_dossiers(call)
    monkeypatch.chdir(call.root)
    monkeypatch.setattr(fileset, "stage", fail_on(4, OSError(errno.ENOSPC, "No space")))
    result = CliRunner().invoke(app, ["report", "-o", "out", "--quiet"])
    assert result.exit_code == 2 and "disque plein" in result.output
    assert not (call.root / "out").exists()
    monkeypatch.undo()
    monkeypatch.chdir(call.root)
    result = CliRunner().invoke(app, ["report", "-o", "out", "--quiet"])
    assert result.exit_code == 0
    assert sorted(p.name for p in (call.root / "out").iterdir()) == [
        "DLQC-2017-01.html",
        "DLQC-2017-02.html",
        "DLQC-2017-03.html",
        "index.html",
    ]
    assert (call.root / "out").stat().st_mode & 0o777 != 0o700  # not mkdtemp's private mode


def test_a_stale_temporary_report_folder_is_removed_by_the_next_run(
    call: Call, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a SIGKILL part-way leaves (issue 13, item 6)."""
    import time

    from grantgrid.outputs import files

    call.dossier("ref.yaml", reference_text())
    monkeypatch.chdir(call.root)
    stale = call.root / ".out.grantgrid-tmp-k1ll3d00"
    stale.mkdir()
    (stale / "DLQC-2017-01.html").write_text("half", encoding="utf-8")
    monkeypatch.setattr(files, "RUN_STARTED", time.time() + 1)
    assert CliRunner().invoke(app, ["report", "-o", "out", "--quiet"]).exit_code == 0
    assert not stale.exists()


def test_a_dangling_link_as_output_folder_is_refused(call: Call, tmp_path: Path) -> None:
    call.dossier("ref.yaml", reference_text())
    elsewhere = tmp_path / "elsewhere" / "reports"
    link = call.root / "out"
    link.symlink_to(elsewhere)
    result = CliRunner().invoke(app, ["report", str(call.root / "applications"), "-o", str(link)])
    assert result.exit_code == 2 and "lien symbolique vers rien" in result.output
    assert not elsewhere.exists()
