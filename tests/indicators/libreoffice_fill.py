"""Fill an .xlsx in LibreOffice Calc the way a person types, save as .xlsx.

Run with Debian's ``/usr/bin/python3`` (it has the ``uno`` module of
``python3-uno``; the project's venv does not)::

    /usr/bin/python3 libreoffice_fill.py IN.xlsx OUT.xlsx EDITS.json

``EDITS.json`` is ``{"sheet": "Isian", "locale": "id-ID", "edits": [...]}``
with edits ``{"cell": "C7", "type": "10.518"}`` (typed) or
``{"cell": "D8", "clear": true}`` (the Delete key) or
``{"cell": "D8:E8", "merge": true}`` (Format > Merge Cells).

How: a private headless ``soffice`` is started with a fresh user profile
whose locale setting (Tools > Options > Language Settings > Locale setting,
``ooSetupSystemLocale``) is ``locale``, so input is recognised as in an
Indonesian Calc (``10.518`` is ten thousand five hundred and eighteen,
``3,5`` three and a half, ``12,5%`` a percentage). The workbook is opened
hidden; each typed edit selects the cell and dispatches ``.uno:EnterString``,
the command Calc runs when a user types into a cell and presses Enter (so
the cell's number format, a Text ``@`` format included, and the locale
decide what is stored). The workbook is saved with the "Calc MS Excel 2007
XML" filter. What each cell holds afterwards is printed as JSON lines
(``{"cell", "kind", "value", "string", "format"}``) for diagnostics.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
from com.sun.star.lang import DisposedException  # type: ignore[import-not-found]
from com.sun.star.uno import RuntimeException  # type: ignore[import-not-found]

CLEAR_FLAGS = 1 | 2 | 4 | 16  # VALUE | DATETIME | STRING | FORMULA
FILTER = "Calc MS Excel 2007 XML"
PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale"
 oor:op="fuse"><value>{locale}</value></prop></item>
<item oor:path="/org.openoffice.Setup/Office"><prop oor:name="ooSetupInstCompleted"
 oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def prop(name: str, value: object) -> PropertyValue:
    item = PropertyValue()
    item.Name = name
    item.Value = value
    return item


def start_office(profile: Path, pipe: str, locale: str) -> subprocess.Popen:
    user = profile / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(PROFILE.format(locale=locale))
    return subprocess.Popen(
        [
            shutil.which("soffice") or "soffice", "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck",
            f"-env:UserInstallation={profile.as_uri()}",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def connect(pipe: str, process: subprocess.Popen, timeout: float = 90) -> object:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local,
    )
    deadline = time.monotonic() + timeout
    while True:
        try:
            return resolver.resolve(
                f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext"
            )
        except NoConnectException:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("LibreOffice did not start") from None
            time.sleep(0.25)


def describe(document: object, sheet: object, ref: str) -> dict[str, object]:
    cell = sheet.getCellRangeByName(ref)
    formats = document.getNumberFormats()
    found = formats.getByKey(cell.NumberFormat)
    return {
        "cell": ref, "kind": cell.getType().value.lower(),  # CellContentType
        "value": cell.getValue(), "string": cell.getString(),
        "format": found.FormatString,
    }


def fill(context: object, source: Path, target: Path, spec: dict) -> list[dict]:
    manager = context.ServiceManager
    desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    dispatcher = manager.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", context,
    )
    document = desktop.loadComponentFromURL(
        source.resolve().as_uri(), "_blank", 0, (prop("Hidden", True),),
    )
    try:
        sheet = document.getSheets().getByName(spec.get("sheet", "Isian"))
        controller = document.getCurrentController()
        controller.setActiveSheet(sheet)
        frame = controller.getFrame()
        for edit in spec["edits"]:
            cell = sheet.getCellRangeByName(edit["cell"])
            if edit.get("merge"):
                cell.merge(True)
                continue
            if edit.get("clear"):
                cell.clearContents(CLEAR_FLAGS)
                continue
            controller.select(cell)
            dispatcher.executeDispatch(
                frame, ".uno:EnterString", "", 0,
                (prop("StringName", edit["type"]),),
            )
        report = [describe(document, sheet, edit["cell"])
                  for edit in spec["edits"] if not edit.get("merge")]
        document.storeToURL(target.resolve().as_uri(), (prop("FilterName", FILTER),))
    finally:
        try:
            document.close(True)
        except DisposedException:
            # soffice sometimes drops the bridge while closing a document it
            # has already stored; the caller checks the stored file
            pass
    return report


#: A headless soffice now and then dies in the middle of a session on a
#: loaded machine ("Binary URP bridge disposed during call"): the whole fill
#: is then done again with a fresh office, at most this many times.
ATTEMPTS = 3


def run_office(source: Path, target: Path, spec: dict, attempt: int) -> list[dict]:
    """One fill in a private soffice of its own, stopped afterwards."""
    profile = Path(tempfile.mkdtemp(prefix="satudata-lo-"))
    pipe = f"satudata_fill_{os.getpid()}_{attempt}"
    process = start_office(profile, pipe, spec.get("locale", "id-ID"))
    try:
        context = connect(pipe, process)
        report = fill(context, source, target, spec)
        try:
            context.ServiceManager.createInstanceWithContext(
                "com.sun.star.frame.Desktop", context,
            ).terminate()
        except Exception:  # the bridge closes as soffice exits
            pass
        return report
    finally:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        shutil.rmtree(profile, ignore_errors=True)


def main() -> None:
    source, target, edits = (Path(arg) for arg in sys.argv[1:4])
    spec = json.loads(edits.read_text(encoding="utf-8"))
    for attempt in range(1, ATTEMPTS + 1):
        try:
            report = run_office(source, target, spec, attempt)
            break
        except (DisposedException, RuntimeException) as error:
            if attempt == ATTEMPTS:
                raise
            print(f"soffice died ({error.Message}); again", file=sys.stderr)
            target.unlink(missing_ok=True)
    for line in report:
        print(json.dumps(line, ensure_ascii=False))


if __name__ == "__main__":
    main()
