"""The Excel template of one entry grid (a dataset's period).

Layout of the visible sheet ``Isian`` (all text Indonesian)::

    row 1   dataset title (bold)
    row 2   "Periode: <period label>"
    row 3   instructions
    row 4   "* Wajib diisi" (red): the legend of the required marking
    row 5   header: "Kode" | "Nama" | "<name> (<unit>)" [+ " *" when required]
    row 6   codes:  "kode" | "nama" | "<component code>" ...   <- read on upload
    row 7+  one row per grid row: row code, row name, current values

Row 6 is a second, visible header row (grey, smaller) holding the component
codes; it is the row the import reads (:mod:`.upload` finds it, among the
first 30 rows, as the row starting with ``kode`` that names the most
component codes), so the title block may grow or be edited freely; if the
code row is deleted, row 5's labels are matched instead. Rows 6 onwards have
exactly the shape of the CSV import (``kode,nama,<codes>``).
Columns A and B (code, name) are shaded: they identify the row and are not
values. Panes are frozen below row 6 and right of column B. Nothing is
protected.

Value cells carry a number format and an Excel data validation per type:
integer ``#,##0`` (an Indonesian Excel shows ``10.518``) and a whole number
between -999 999 999 999 999 and 999 999 999 999 999; decimal and percentage
``General`` (shows ``3,5`` exactly as typed; a percentage is stored in
percent units, so ``12,5`` means 12.5 %, never ``0,125``) and a decimal in
the same range; text ``@`` (what is typed stays text, ``10.518`` included)
and at most :data:`cells.MAX_TEXT` characters. Every validation has an
Indonesian error message; blanks are allowed.

The hidden sheet ``_satudata`` (state ``veryHidden``) identifies the
template. Column A holds keys, column B their values:

    format          "satudata-isian-indikator"
    version         :data:`FORMAT_VERSION`
    package_id      the dataset's id
    package_name    the dataset's name
    period          the period id (``2024-S1``)
    period_label    the period label (``2024 Semester 1``)
    header_row      6 (the codes row)
    first_data_row  7

and the lists: column D (``components`` in D1) the component codes in
column order, column E (``rows`` in E1) the row codes in row order.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ckanext.satudata.indicators import cells
from ckanext.satudata.indicators.grid import Grid
from ckanext.satudata.indicators.structure import Component
from ckanext.satudata.spreadsheet import write_cell

SHEET = "Isian"
META_SHEET = "_satudata"
FORMAT_NAME = "satudata-isian-indikator"
FORMAT_VERSION = 1

TITLE_ROW, PERIOD_ROW, HELP_ROW, LEGEND_ROW = 1, 2, 3, 4
HEADER_ROW = 5
CODE_ROW = 6
FIRST_DATA_ROW = 7
CODE_LABEL, NAME_LABEL = "Kode", "Nama"
CODE_KEY, NAME_KEY = "kode", "nama"
REQUIRED_MARK = " *"
FIRST_VALUE_COLUMN = 3  # C: after Kode and Nama

# Numbers at or beyond cells.MAX_ABS are refused on import.
_LIMIT = "999999999999999"
_NUMBER_FORMATS = {
    "integer": "#,##0",
    "decimal": "General",
    "percentage": "General",
    "text": "@",
}
_VALIDATION_ERRORS = {
    "integer": (
        "Bukan bilangan bulat",
        "Isi dengan bilangan bulat tanpa rumus, misalnya 10518 atau 10.518.",
    ),
    "decimal": (
        "Bukan angka",
        "Isi dengan angka tanpa rumus; gunakan koma untuk desimal, misalnya 3,5.",
    ),
    "percentage": (
        "Bukan angka persen",
        "Isi dengan angka persen tanpa tanda %, misalnya 12,5 untuk 12,5%.",
    ),
    "text": (
        "Teks terlalu panjang",
        f"Teks paling panjang {cells.MAX_TEXT} karakter.",
    ),
}
_HELP = (
    "Isi nilai mulai baris {first}. Jangan ubah kolom Kode dan baris {codes} "
    "(kode komponen): keduanya dibaca saat unggah. Jangan gunakan rumus atau "
    "menggabungkan sel. Angka memakai koma desimal, misalnya 3,5."
)
_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_KEY_FILL = PatternFill("solid", fgColor="F2F2F2")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def header_label(component: Component) -> str:
    """The header shown for ``component``: ``Perempuan (Orang)``, with
    ``" *"`` when it is required."""
    label = f"{component.name} ({component.unit})" if component.unit else component.name
    return label + (REQUIRED_MARK if component.required else "")


def build_template(grid: Grid, values: dict[str, dict[str, Any]]) -> bytes:
    """The .xlsx template of ``grid``, pre-filled with ``values`` (stored
    values by row code and component code)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    styles = _register_styles(workbook)
    _title_block(sheet, grid)
    _headers(sheet, grid)
    _data(sheet, grid, values, styles)
    _validations(sheet, grid)
    _layout(sheet, grid)
    _meta_sheet(workbook, grid)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _register_styles(workbook: Workbook) -> dict[str, str]:
    """Named styles per cell kind (one style object shared by every cell
    is much cheaper than styling cells attribute by attribute)."""
    names = {}
    for kind, number_format in [*_NUMBER_FORMATS.items(), ("key", "@")]:
        name = f"Isian {kind}"
        style = NamedStyle(name=name, number_format=number_format, border=_BORDER)
        if kind == "key":
            style.fill = _KEY_FILL
        workbook.add_named_style(style)
        names[kind] = name
    return names


def _title_block(sheet: Worksheet, grid: Grid) -> None:
    write_cell(sheet.cell(TITLE_ROW, 1), grid.title).font = Font(bold=True, size=14)
    write_cell(
        sheet.cell(PERIOD_ROW, 1), f"Periode: {grid.period.label}"
    ).font = Font(bold=True)
    write_cell(
        sheet.cell(HELP_ROW, 1), _HELP.format(first=FIRST_DATA_ROW, codes=CODE_ROW)
    )
    legend = write_cell(
        sheet.cell(LEGEND_ROW, 1), REQUIRED_MARK.strip() + " Wajib diisi"
    )
    legend.font = Font(color="C00000", bold=True)


def _headers(sheet: Worksheet, grid: Grid) -> None:
    labels = [CODE_LABEL, NAME_LABEL, *(header_label(c) for c in grid.components)]
    codes = [CODE_KEY, NAME_KEY, *(c.code for c in grid.components)]
    bold = Font(bold=True)
    required = Font(bold=True, color="C00000")
    code_font = Font(size=8, color="808080")
    wrap = Alignment(wrap_text=True, vertical="center")
    flags = [False, False, *(c.required for c in grid.components)]
    header = zip(labels, codes, flags, strict=True)
    for column, (label, code, flag) in enumerate(header, start=1):
        head = write_cell(sheet.cell(HEADER_ROW, column), label)
        head.font = required if flag else bold
        head.fill = _HEADER_FILL
        head.alignment = wrap
        head.border = _BORDER
        key = write_cell(sheet.cell(CODE_ROW, column), code)
        key.font = code_font
        key.fill = _KEY_FILL
        key.border = _BORDER
        key.number_format = "@"


def _data(
    sheet: Worksheet, grid: Grid, values: dict[str, dict[str, Any]],
    styles: dict[str, str],
) -> None:
    components = grid.components
    kinds = [styles[c.type] for c in components]
    key_style = styles["key"]
    for number, row in enumerate(grid.rows, start=FIRST_DATA_ROW):
        stored = values.get(row.code) or {}
        _key_cell(sheet, number, 1, row.code, key_style)
        _key_cell(sheet, number, 2, row.name, key_style)
        for offset, component in enumerate(components):
            cell = sheet.cell(number, FIRST_VALUE_COLUMN + offset)
            cell.style = kinds[offset]
            _write_value(cell, stored.get(component.code))


def _key_cell(sheet: Worksheet, row: int, column: int, text: str, style: str) -> None:
    cell = sheet.cell(row, column)
    cell.style = style
    _write_value(cell, text)


def _write_value(cell: Any, value: Any) -> None:
    """Numbers as numbers, text always as text (``=`` at the start of a
    stored text must not become a formula)."""
    write_cell(cell, value)


def _validations(sheet: Worksheet, grid: Grid) -> None:
    last = max(FIRST_DATA_ROW, FIRST_DATA_ROW + len(grid.rows) - 1)
    for offset, component in enumerate(grid.components):
        letter = get_column_letter(FIRST_VALUE_COLUMN + offset)
        validation = _validation(component.type)
        validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{last}")
        sheet.add_data_validation(validation)


def _validation(ctype: str) -> DataValidation:
    title, message = _VALIDATION_ERRORS[ctype]
    options: dict[str, Any] = {
        "allow_blank": True, "showErrorMessage": True,
        "errorStyle": "stop", "errorTitle": title, "error": message,
    }
    if ctype == "text":
        return DataValidation(
            type="textLength", operator="lessThanOrEqual",
            formula1=str(cells.MAX_TEXT), **options,
        )
    kind = "whole" if ctype == "integer" else "decimal"
    return DataValidation(
        type=kind, operator="between", formula1=f"-{_LIMIT}", formula2=_LIMIT,
        **options,
    )


def _layout(sheet: Worksheet, grid: Grid) -> None:
    sheet.freeze_panes = sheet.cell(FIRST_DATA_ROW, FIRST_VALUE_COLUMN)
    sheet.row_dimensions[HEADER_ROW].height = 32
    sheet.column_dimensions["A"].width = _width((r.code for r in grid.rows), 8, 24)
    sheet.column_dimensions["B"].width = _width((r.name for r in grid.rows), 12, 45)
    for offset, component in enumerate(grid.components):
        letter = get_column_letter(FIRST_VALUE_COLUMN + offset)
        label = header_label(component)
        # headers wrap, so a long label needs about half its length
        sheet.column_dimensions[letter].width = _width(
            [label[: max(14, len(label) // 2 + 1)], component.code], 14, 30,
        )


def _width(texts: Iterable[str], low: int, high: int) -> float:
    longest = max((len(text or "") for text in texts), default=0)
    return float(min(high, max(low, longest + 2)))


def _meta_sheet(workbook: Workbook, grid: Grid) -> None:
    meta = workbook.create_sheet(META_SHEET)
    meta.sheet_state = "veryHidden"
    pairs: list[tuple[str, Any]] = [
        ("format", FORMAT_NAME),
        ("version", FORMAT_VERSION),
        ("package_id", grid.package_id),
        ("package_name", grid.package_name),
        ("period", grid.period.id),
        ("period_label", grid.period.label),
        ("header_row", CODE_ROW),
        ("first_data_row", FIRST_DATA_ROW),
    ]
    for number, (key, value) in enumerate(pairs, start=1):
        write_cell(meta.cell(number, 1), key)
        _write_value(meta.cell(number, 2), value)
    write_cell(meta.cell(1, 4), "components")
    for number, component in enumerate(grid.components, start=2):
        _write_value(meta.cell(number, 4), component.code)
    write_cell(meta.cell(1, 5), "rows")
    for number, row in enumerate(grid.rows, start=2):
        _write_value(meta.cell(number, 5), row.code)

