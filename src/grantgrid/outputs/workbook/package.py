"""The saved xlsx package made reproducible, with the formulas' results stored beside them.

openpyxl stamps the zip entries and `dcterms:modified` with the current time, and writes every
formula with an empty cached value (`<f>…</f><v />`): a viewer that does not recalculate (a mail
preview, pandas, `openpyxl(data_only=True)`) would show empty totals. Both are fixed here, on the
bytes openpyxl produced, without changing anything else: same entries, same order.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping
from datetime import datetime

from openpyxl import Workbook

CachedValue = int | float | str
"""What grantgrid knows a formula evaluates to; "" for a formula that shows an empty cell."""

_FORMULA_CELL = re.compile(
    rb'<c r="(?P<ref>[A-Z]+[0-9]+)"(?P<attrs>[^>]*)><f>(?P<formula>[^<]*)</f><v ?/></c>'
)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
_CREATED = re.compile(rb"(<dcterms:created[^>]*>)[^<]*(</dcterms:created>)")


def _xml_escape(text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return escaped.encode("utf-8")


def _with_cache(xml: bytes, cache: Mapping[str, CachedValue]) -> bytes:
    def fill(match: re.Match[bytes]) -> bytes:
        ref = match["ref"].decode()
        if ref not in cache:
            return match[0]
        value = cache[ref]
        attrs = match["attrs"]
        if isinstance(value, str):
            attrs += b' t="str"'
            body = _xml_escape(value)
        else:
            body = repr(value).encode()
        return b'<c r="%s"%s><f>%s</f><v>%s</v></c>' % (match["ref"], attrs, match["formula"], body)

    return _FORMULA_CELL.sub(fill, xml)


def package(
    workbook: Workbook,
    stamp: datetime,
    cached: Mapping[str, Mapping[str, CachedValue]] | None = None,
) -> bytes:
    """The workbook as xlsx bytes: every date inside is `stamp`, formulas carry `cached` values.

    `cached` maps a sheet title to {cell reference: value}.
    """
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "grantgrid"
    workbook.properties.lastModifiedBy = "grantgrid"
    raw = io.BytesIO()
    workbook.save(raw)

    # openpyxl names the sheet parts sheet1.xml, sheet2.xml… in workbook order.
    by_part = {
        f"xl/worksheets/sheet{index}.xml": (cached or {}).get(sheet.title, {})
        for index, sheet in enumerate(workbook.worksheets, start=1)
    }
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    # A zip entry cannot be dated before 1980.
    date_time = max((1980, 1, 1, 0, 0, 0), stamp.timetuple()[:6])
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w") as target:
        for entry in source.infolist():
            data = source.read(entry.filename)
            if entry.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", data)
                data = _CREATED.sub(rb"\g<1>" + when + rb"\g<2>", data)
            elif by_part.get(entry.filename):
                data = _with_cache(data, by_part[entry.filename])
            info = zipfile.ZipInfo(entry.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            target.writestr(info, data)
    return out.getvalue()
