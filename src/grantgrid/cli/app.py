"""The command line's frame: the typer application, shared options, the boundary.

Exit codes: 0 fine, 1 a dossier or grid has errors, 2 the command itself is wrong.
"""

# No `from __future__ import annotations` here: typer would evaluate every command's string
# annotations on each run (--help included), a fifth of its start-up time.
import functools
import importlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from grantgrid import words
from grantgrid.words.console import say
from grantgrid.words.help import HELP, english_help, helped

if TYPE_CHECKING:
    from rich.console import Console

    from grantgrid.evaluation import Run
    from grantgrid.outputs.console import plain, terminal
else:

    class _OnFirstUse:
        """A module imported when first used, so that `--help` loads neither pydantic nor rich."""

        def __init__(self, name: str) -> None:
            self._name = name

        def __getattr__(self, attribute: str) -> Any:
            return getattr(importlib.import_module(self._name), attribute)

    plain = _OnFirstUse("grantgrid.outputs.console.plain")
    terminal = _OnFirstUse("grantgrid.outputs.console.terminal")

app = typer.Typer(
    name="grantgrid",
    help=helped("app"),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

grid_app = typer.Typer(help=helped("grid"), no_args_is_help=True)


def _show_usage_error(error: Any, file: Any = None) -> None:
    """click's usage error (exit code 2), in French unless the run is in English."""
    import io

    buffer = io.StringIO()
    _click_show(error, buffer)
    text = buffer.getvalue()
    if getattr(getattr(error, "param", None), "name", None) == "language":
        words.choose(None)  # `--lang xx` itself is wrong: GRANTGRID_LANG, else French
    if words.language() == "fr":
        from grantgrid.words.help import usage_in_french

        text = usage_in_french(text)
    (file or sys.stderr).write(text)


def _get_help(command: Any, ctx: Any) -> str:
    """A command's help, its frame (headings, `--help`'s own line) in French unless the run
    is in English."""
    if words.language() == "en":  # GRANTGRID_LANG=en too, which no callback sees before --help
        _translate_help(ctx.find_root().command, english_help())
    text: str = _click_get_help(command, ctx)
    if words.language() == "fr":
        from grantgrid.words.help import help_in_french

        text = help_in_french(text)
    return text


_click_get_help = typer._click.core.Command.get_help
typer._click.core.Command.get_help = _get_help  # type: ignore[method-assign,assignment]
_click_show = typer._click.exceptions.UsageError.show
typer._click.exceptions.UsageError.show = _show_usage_error  # type: ignore[method-assign,assignment]
app.add_typer(grid_app, name="grid")


def _translate_help(command: Any, table: dict[str, str] | Any) -> None:
    """Turn the French help texts of a click command tree to English, in place (the tree is
    built afresh by typer on each run)."""
    for attribute in ("help", "short_help"):
        text = getattr(command, attribute, None)
        if isinstance(text, str) and text in table:
            setattr(command, attribute, table[text])
    for param in getattr(command, "params", []):
        if isinstance(getattr(param, "help", None), str) and param.help in table:
            param.help = table[param.help]
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub, table)


def lang_callback(ctx: typer.Context, value: str | None) -> str | None:
    """`--lang` (or GRANTGRID_LANG): the language of the run, chosen before any help is
    printed (the option is eager), so that `--lang en --help` is English too."""
    if value is None and ctx.parent is not None:
        return value  # a command's own --lang, not given: the app's choice stands
    words.choose(value)
    if words.language() == "en":
        _translate_help(ctx.find_root().command, english_help())
    return value


Language = Literal["fr", "en"]

LangOption = Annotated[
    Language | None,
    typer.Option(
        "--lang",
        help=helped("lang"),
        case_sensitive=False,
        callback=lang_callback,
        is_eager=True,
        metavar="fr|en",
    ),
]

Paths = Annotated[
    list[Path] | None,
    typer.Argument(help=helped("paths"), show_default=False, metavar="PATH"),
]


GridsOption = Annotated[Path | None, typer.Option("--grids", help=helped("grids"), metavar="DIR")]

CallOption = Annotated[Path | None, typer.Option("--call", help=helped("call"), metavar="DIR")]

JsonOption = Annotated[bool, typer.Option("--json", help=helped("json"))]


QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=helped("quiet"))]

NoWarningsOption = Annotated[bool, typer.Option("--no-warnings", "-W", help=helped("no_warnings"))]

ForceOption = Annotated[bool, typer.Option("--force", help=helped("force"))]


def lang() -> str:
    """The language of this run (`--lang`, GRANTGRID_LANG, else French)."""
    return words.language()


UNLIMITED = 10_000
"""The width of piped output: a pipe has no width to respect, so nothing is cut."""


def stdout() -> "Console":
    """The terminal's width; piped, `COLUMNS` if set, else no limit (`table_width`)."""
    from rich.console import Console

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        console = Console(highlight=False, soft_wrap=False, width=UNLIMITED)
    return console


def table_width(console: "Console") -> int | None:
    """The width tables must fit in; None when nothing must be cut (piped output)."""
    return None if console.width >= UNLIMITED else console.width


def stderr() -> "Console":
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def fail(key: str, **figures: object) -> typer.Exit:
    """A usage error (exit code 2) from the words catalogue, in the run's language."""
    return fail_usage(say(key, lang(), **figures))


def fail_usage(message: str) -> typer.Exit:
    stderr().print(f"grantgrid: {message}", markup=False, highlight=False, soft_wrap=True)
    return typer.Exit(code=2)


Command = TypeVar("Command", bound=Callable[..., None])


def boundary(function: Command) -> Command:
    """The one place a `GrantgridError` (a command that cannot be carried out as asked)
    becomes its one-line message and exit code 2."""
    from grantgrid.errors import GrantgridError

    @functools.wraps(function)
    def guarded(*args: Any, **kwargs: Any) -> None:
        try:
            function(*args, **kwargs)
        except GrantgridError as exc:  # its sentence in the run's language
            raise fail_usage(exc.french if lang() == "fr" else str(exc)) from None

    return guarded  # type: ignore[return-value]


def command(typer_app: typer.Typer, name: str | None = None) -> Callable[[Command], Command]:
    """`typer_app.command(name)` behind the boundary; its help text is the words catalogue's
    entry named as the function (`words.help.HELP`), in French, English with `--lang en`."""

    def register(function: Command) -> Command:
        # A command without an entry (yet) keeps its docstring as its help.
        known = function.__name__ in HELP
        typer_app.command(name, help=helped(function.__name__) if known else None)(
            boundary(function)
        )
        return function

    return register


def run_paths(
    paths: list[Path] | None,
    grids: Path | None,
    quiet: bool = False,
    keep_dossiers: bool = True,
    call: Path | None = None,
    with_programme: bool = True,
) -> "Run":
    """Evaluate the paths (default: the call's applications/) with a progress bar on long
    runs in a terminal (`outputs.progress`); a wrong path is a usage error (exit 2)."""
    from grantgrid.outputs.console.progress import evaluate_with_progress

    return evaluate_with_progress(
        paths,
        grids,
        quiet=quiet,
        keep_dossiers=keep_dossiers,
        call=call,
        with_programme=with_programme,
    )


def print_grid_diagnostics(run: "Run", warnings: bool = True) -> None:
    """With --json, the grids' own problems on stderr: the JSON lists dossiers only (SPEC)."""
    for grid in run.grids:
        plain.print_diagnostics(sys.stderr, grid.diagnostics.sorted(), lang(), warnings=warnings)
    plain.print_diagnostics(sys.stderr, run.skipped, lang(), warnings=warnings)


def version_callback(value: bool) -> None:
    if value:
        from grantgrid import __version__

        print(f"grantgrid {__version__}")
        raise typer.Exit()


@app.callback(help=helped("app"))
def main_options(
    language: Annotated[
        Language | None,
        typer.Option(
            "--lang",
            help=helped("lang"),
            case_sensitive=False,
            envvar=words.ENVIRONMENT,
            callback=lang_callback,
            is_eager=True,
            metavar="fr|en",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=version_callback, is_eager=True, help=helped("version")),
    ] = False,
) -> None:
    pass


def current_lang() -> str:
    """The language of this run, for the library calls that take it."""
    return lang()
