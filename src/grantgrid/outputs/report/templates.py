"""Template files read like any input: without blocking, regular files only, size-capped."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

import jinja2
from jinja2.loaders import split_template_path

MAX_TEMPLATE_BYTES = 1024 * 1024
"""A template is a few kilobytes; the built-in report is some 15."""

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class BoundedFileSystemLoader(jinja2.FileSystemLoader):
    """`FileSystemLoader` that never waits on a FIFO, never reads a device or a huge file."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            try:
                descriptor = os.open(filename, _FLAGS)
            except (FileNotFoundError, NotADirectoryError):
                continue
            except OSError as exc:
                raise jinja2.TemplateError(
                    f"template {filename}: cannot be read ({exc.strerror or exc})"
                ) from None
            try:
                status = os.fstat(descriptor)
                if not stat.S_ISREG(status.st_mode):
                    raise jinja2.TemplateError(f"template {filename}: not a regular file")
                with os.fdopen(descriptor, "rb", closefd=False) as stream:
                    raw = stream.read(MAX_TEMPLATE_BYTES + 1)
            finally:
                os.close(descriptor)
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise jinja2.TemplateError(
                    f"template {filename}: larger than {MAX_TEMPLATE_BYTES // 1024} KiB"
                )
            try:
                source = raw.decode(self.encoding)
            except UnicodeDecodeError as exc:
                raise jinja2.TemplateError(
                    f"template {filename}: not {self.encoding} text (byte {exc.start})"
                ) from None
            mtime = status.st_mtime

            def uptodate(filename: str = filename, mtime: float = mtime) -> bool:
                try:
                    return os.path.getmtime(filename) == mtime
                except OSError:
                    return False

            return source, os.path.normpath(filename), uptodate
        raise jinja2.TemplateNotFound(template)
