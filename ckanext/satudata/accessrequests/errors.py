"""Why an extract cannot be built: ``ValueError`` subclasses carrying an
English ``msgid`` (marked with ``N_``) and its ``params``, translated where
they are shown (:meth:`ExtractError.message`)."""

from __future__ import annotations

from typing import Any

from ckanext.satudata.messages import N_, message

__all__ = [
    "ExtractError",
    "NoDataSource",
    "NoVariable",
    "NothingLeft",
    "TooManyRows",
    "UnknownFormat",
    "UnknownLevel",
    "UnknownVariable",
    "UnreadableSource",
]


class ExtractError(ValueError):
    """An extract refused; ``msgid`` (English) and ``params`` say why."""

    msgid = N_("The extract cannot be built.")

    def __init__(self, msgid: str | None = None, **params: Any) -> None:
        if msgid is not None:
            self.msgid = msgid
        self.params = params
        super().__init__(self.msgid.format(**params) if params else self.msgid)

    def message(self) -> str:
        """The reason in the current language (call it inside a request)."""
        return message(self.msgid, self.params)


class UnknownVariable(ExtractError):
    """A chosen (or removed) variable the dataset does not have."""

    msgid = N_("The dataset has no variable \"{name}\".")


class NoVariable(ExtractError):
    """Nothing was chosen."""

    msgid = N_("Choose at least one variable.")


class NothingLeft(ExtractError):
    """Every chosen variable is removed (identifying columns of level 3)."""

    msgid = N_("Every chosen variable identifies people and is removed; "
               "nothing is left to deliver.")


class NoDataSource(ExtractError):
    """The dataset has no DataStore table, tabular upload or published
    indicator values to build an extract from."""

    msgid = N_("The dataset has no table to extract from: no DataStore table, "
               "no uploaded CSV or Excel file and no published values.")


class UnreadableSource(ExtractError):
    """The uploaded CSV/XLSX resource cannot be read."""

    msgid = N_("The file \"{name}\" of the dataset cannot be read as a table.")


class UnknownFormat(ExtractError):
    """A format other than :data:`~.extract.FORMATS`."""

    msgid = N_("Unknown format \"{format}\"; choose CSV, Excel, JSON or XML.")


class UnknownLevel(ExtractError):
    """An access level other than 1-4."""

    msgid = N_("Unknown access level \"{level}\"; levels are 1 to 4.")


class TooManyRows(ExtractError):
    """More rows than one Excel sheet holds."""

    msgid = N_("The extract has more than {limit} rows, more than an Excel "
               "sheet holds; choose CSV, JSON or XML.")
