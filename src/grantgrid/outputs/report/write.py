"""`grantgrid report`: one report per dossier (HTML, Markdown or PDF) and a committee index.

Safety, in the order a hostile dossier would try it:
- dossier text is only ever a value passed to a template, never compiled as one;
- HTML templates autoescape; Markdown templates escape every printed value (`finalize`);
- templates run with StrictUndefined, so a typo is an error rather than a blank cell;
- links from dossier data are kept only for http, https and mailto;
- file names come from `safe_name` and must stay inside the output folder; every target is
  checked before the first file is written, and the set is written all or nothing
  (`outputs.fileset`): a full disk, an error or SIGTERM part-way leaves the folder as it was.

Templates come from a custom folder first (the secretary's copies), then the built-in ones.
"""

from __future__ import annotations

import datetime
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from grantgrid import __version__
from grantgrid.evaluation import Outcome, Run
from grantgrid.outputs.files import (
    InputFiles,
    OutputError,
    check_folder,
    check_target,
    inside,
    safe_name,
)
from grantgrid.outputs.fileset import write_all
from grantgrid.outputs.report import markdown
from grantgrid.outputs.report.context import index_grids, index_row, report_context
from grantgrid.outputs.report.maquette import maquette_html, maquette_markdown
from grantgrid.outputs.report.pdf import COMBINED, INDEX_ANCHOR, anchor, pdf_files
from grantgrid.words.numbers import Numbers
from grantgrid.words.report import LANGUAGES, LOCALES, labels

if TYPE_CHECKING:
    import jinja2

FORMATS = ("html", "md", "pdf")
BUILTIN_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INDEX = "index"
PDF_INSTALL = (
    "PDF reports need WeasyPrint: run pip install 'grantgrid[pdf]' (on Debian or Ubuntu, "
    "WeasyPrint also needs Pango: apt-get install libpango-1.0-0 libpangoft2-1.0-0); "
    "or use --format html and print the page to PDF from a browser"
)


class ReportError(OutputError):
    """Reports cannot be produced: a broken custom template, or PDF support missing."""


@dataclass(frozen=True)
class Written:
    path: Path
    outcome: Outcome | None
    """None for the index."""


def environment(kind: str, templates: Path | None = None) -> jinja2.Environment:
    """The Jinja2 environment of one kind of output ('html' or 'md').

    Sandboxed: a call's `templates/` folder is picked up by itself, and a template unpacked
    there with an applicant's files must not reach Python (`cycler.__init__.__globals__.os`);
    bounded (`bounds.BoundedEnvironment`): it must not exhaust memory or time either.
    """
    import jinja2

    from grantgrid.outputs.report.bounds import BoundedEnvironment
    from grantgrid.outputs.report.templates import BoundedFileSystemLoader

    folders = [str(templates)] if templates is not None else []
    folders.append(str(BUILTIN_TEMPLATES))
    loader = jinja2.ChoiceLoader([BoundedFileSystemLoader(folder) for folder in folders])
    if kind == "html":
        env = BoundedEnvironment(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    else:
        env = BoundedEnvironment(
            loader=loader,
            autoescape=False,
            undefined=jinja2.StrictUndefined,
            finalize=markdown.escape,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        env.filters["cell"] = markdown.cell
        env.filters["md"] = markdown.escape
        env.filters["link_target"] = markdown.link_target
        env.filters["as_markdown"] = markdown.MarkdownSafe
    env.filters["blocks"] = markdown.blocks
    return env


def _install_filters(env: jinja2.Environment, numbers: Numbers, lang: str, kind: str) -> None:
    from grantgrid.outputs.report.hyphens import hyphenate, prepare

    if kind == "html":
        prepare(lang)
    env.filters["eur"] = numbers.eur
    env.filters["percent"] = numbers.percent
    env.filters["number"] = numbers.number
    env.filters["signed"] = numbers.signed
    env.filters["date"] = numbers.date
    env.filters["fmt"] = lambda text, **values: str(text).format(**values)
    # Soft hyphens only where a line can break inside a cell: HTML (Markdown has no columns).
    env.filters["hyphenate"] = (
        (lambda text: hyphenate(text, lang)) if kind == "html" else (lambda text: text)
    )


def generation_date() -> datetime.date:
    """The date a report prints: SOURCE_DATE_EPOCH's day (UTC) when it is set, else today.

    SOURCE_DATE_EPOCH is the reproducible-builds convention: the same inputs then give the same
    bytes. Without it a printed report says when it was made (docs/reports.md says why).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (OverflowError, OSError, ValueError):
            pass  # out of the platform's range: an ill-set variable does not stop the reports
    return datetime.date.today()


def report_names(outcomes: list[Outcome], suffix: str) -> list[str]:
    """A distinct, safe file name per outcome, from its dossier id (or its file name).

    Names are compared case-insensitively (Windows and macOS folders are) and never take the
    index's name: a second `DLQC-1` becomes `DLQC-1-2`.
    """
    taken = {INDEX}
    names = []
    for outcome in outcomes:
        base = safe_name(outcome.dossier_id or Path(outcome.path).stem)
        name, counter = base, 1
        while name.lower() in taken:
            counter += 1
            name = f"{base}-{counter}"
        taken.add(name.lower())
        names.append(f"{name}.{suffix}")
    return names


def _pdf_writer() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError):  # OSError: the package is there but Pango is not
        raise ReportError(PDF_INSTALL) from None
    return weasyprint


def _render(env: jinja2.Environment, name: str, context: dict[str, Any], rows: int = 0) -> str:
    """One template rendered under its budget (`bounds`); `rows`: the index's dossiers."""
    import jinja2

    from grantgrid.outputs.report.bounds import (
        INDEX_SECONDS_PER_ROW,
        RENDER_SECONDS,
        BudgetExceeded,
        render_budget,
    )

    try:
        with render_budget(RENDER_SECONDS + rows * INDEX_SECONDS_PER_ROW):
            return env.get_template(name).render(context)
    except BudgetExceeded as exc:
        raise ReportError(f"template {_where(exc, name)}: stopped, {exc}") from None
    except MemoryError:
        raise ReportError(
            f"template {name}: stopped, it needed more memory than there is"
        ) from None
    except RecursionError:
        raise ReportError(f"template {name}: stopped, it calls itself without end") from None
    except jinja2.TemplateSyntaxError as exc:
        raise ReportError(
            f"template {exc.filename or exc.name}:{exc.lineno}: {exc.message}"
        ) from None
    except jinja2.TemplateError as exc:
        raise ReportError(f"template {_where(exc, name)}: {exc}") from None
    # What a template can do wrong with a value (call a number, index past a list's end):
    # a custom template's mistake, reported as such rather than as a crash of grantgrid.
    except (TypeError, ValueError, AttributeError, KeyError, IndexError) as exc:
        raise ReportError(f"template {_where(exc, name)}: {type(exc).__name__}: {exc}") from None


def _where(exc: BaseException, name: str) -> str:
    """`file:line` of the innermost template frame (Jinja2 rewrites tracebacks to templates)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".md", ".css")):
            return f"{frame.filename}:{frame.lineno}"
    return name


def render_reports(
    run: Run,
    *,
    fmt: str = "html",
    lang: str = "fr",
    templates: Path | None = None,
    today: datetime.date | None = None,
    version: str = __version__,
) -> list[tuple[str, Outcome | None, str]]:
    """(file name, outcome or None for the index, text) of every report of the run, in rank order.

    For PDF the text is the HTML to print; `write_reports` turns it into PDF.
    """
    if fmt not in FORMATS:
        raise ReportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise ReportError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    kind = "md" if fmt == "md" else "html"
    env = environment(kind, templates)
    numbers = Numbers(LOCALES[lang])
    _install_filters(env, numbers, lang, kind)
    words = labels(lang)
    common = {
        "L": words,
        "lang": lang,
        "version": version,
        "generated": today or generation_date(),
    }
    outcomes = run.ordered()
    names = report_names(outcomes, fmt)
    index_name = f"{INDEX}.{kind}"
    rendered: list[tuple[str, Outcome | None, str]] = []
    for outcome, name in zip(outcomes, names, strict=True):
        context = common | report_context(outcome, run, words, numbers)
        context |= {"index_href": index_name, "anchor": anchor(name)}
        rendered.append((name, outcome, _render(env, f"report.{kind}", context)))
    rows = [index_row(o, n, words, run) for o, n in zip(outcomes, names, strict=True)]
    maquette = run.programme.maquette
    index_context = common | {
        "anchor": INDEX_ANCHOR,
        "grids": index_grids(run),
        "dossiers": rows,
        "several_grids": len({r["grid"] for r in rows if r["grid"]}) > 1,
        "committee": run.programme.committee is not None,
        # The index ends with the maquette (SPEC-committee §4): its section, chart included.
        "maquette": None
        if maquette is None
        else (maquette_markdown(maquette, lang) if kind == "md" else maquette_html(maquette, lang)),
    }
    index = _render(env, f"index.{kind}", index_context, rows=len(rows))
    rendered.append((index_name, None, index))
    return rendered


def write_reports(
    run: Run,
    folder: Path,
    *,
    fmt: str = "html",
    lang: str = "fr",
    templates: Path | None = None,
    force: bool = False,
    today: datetime.date | None = None,
) -> list[Written]:
    """Render then write every report of the run into `folder`; nothing is written on refusal.

    With --format pdf the index stays an HTML page linking to the PDF files, and `dossiers.pdf`
    holds the index then every report, to send as one attachment.
    """
    if folder.exists() and not folder.is_dir():
        raise ReportError(f"{folder} is a file: give a folder for the reports")
    if templates is not None and not templates.is_dir():
        raise ReportError(f"--templates {templates}: no such folder")
    weasyprint = _pdf_writer() if fmt == "pdf" else None
    rendered = render_reports(run, fmt=fmt, lang=lang, templates=templates, today=today)
    inputs = InputFiles.of([o.source for o in run.outcomes] + [g.path for g in run.grids])
    check_folder(folder, inputs)
    if weasyprint is not None:
        rendered.append((COMBINED, None, ""))
    targets = [inside(folder, name) for name, _, _ in rendered]
    for target in targets:  # every refusal before the first write
        check_target(target, inputs, force=force)
    contents: list[str | bytes] = [text for _, _, text in rendered]
    if weasyprint is not None:
        reports = [(name, text) for name, outcome, text in rendered if outcome is not None]
        (index_name, _, index_html) = rendered[len(reports)]
        singles, combined = pdf_files(weasyprint, reports, index_name, index_html)
        contents = [*singles, index_html, combined]
    write_all(
        folder,
        [
            (target.name, content.encode("utf-8") if isinstance(content, str) else content)
            for target, content in zip(targets, contents, strict=True)
        ],
        force=force,
    )
    return [
        Written(target, outcome) for target, (_, outcome, _) in zip(targets, rendered, strict=True)
    ]
