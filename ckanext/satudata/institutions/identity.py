"""Checks of the registration's identifiers, without the database: the NIP
(Nomor Induk Pegawai, 18 digits), the NIK (``lokal.parse_nik``), the
e-mail domain rule of a category. Each answers with an English msgid (and
its values) or ``None``."""

from __future__ import annotations

import datetime as dt
import re

import lokal

from ckanext.satudata.messages import N_

NIP_LENGTH = N_("A NIP has 18 digits")
NIP_BIRTH = N_("The NIP does not start with a valid date of birth (YYYYMMDD)")
NIP_START = N_("Digits 9 to 14 of the NIP are not a valid start of service (YYYYMM)")
NIP_GENDER = N_("Digit 15 of the NIP must be 1 (male) or 2 (female)")
NIP_SERIAL = N_("The NIP ends with serial number 000")
NIK_INVALID = N_("Not a valid NIK: {reason}")
NIP_ONLY = N_("Give the NIP (18 digits)")
NIP_OR_NIK = N_("Give the NIP (18 digits) or the NIK (16 digits)")
EMAIL_DOMAIN = N_("The e-mail must use a domain {patterns}")

DIGITS = re.compile(r"^[0-9]+$")


def clean_number(value: str) -> str:
    """The digits of a typed number (spaces and dots dropped)."""
    return re.sub(r"[\s.\-]", "", value or "")


def nip_problem(nip: str) -> str | None:
    """Why ``nip`` is no valid NIP: 18 digits, a real date of birth, a start
    of service (year, month) after the 17th birthday's year and not in the
    future, gender 1 or 2, a serial number other than 000."""
    if len(nip) != 18 or not DIGITS.match(nip):
        return NIP_LENGTH
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return NIP_BIRTH
    today = dt.date.today()
    if born.year < 1930 or born > today:
        return NIP_BIRTH
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < born.year + 15 or (year, month) > (
            today.year, today.month):
        return NIP_START
    if nip[14] not in "12":
        return NIP_GENDER
    if nip[15:] == "000":
        return NIP_SERIAL
    return None


def nik_problem(nik: str) -> str | None:
    """Why ``nik`` is no valid NIK (lokal's reason, in Indonesian), or
    ``None``."""
    parsed = lokal.parse_nik(nik)
    if parsed.valid:
        return None
    return "; ".join(issue.message for issue in parsed.errors) or "NIK"


def domain_matches(email: str, patterns: list[str]) -> bool:
    """Whether ``email``'s domain matches one of ``patterns`` (``*`` any,
    ``*.go.id`` go.id and its sub-domains, ``kemkes.go.id`` exactly)."""
    if not patterns:
        return True
    domain = email.rsplit("@", 1)[-1].strip().lower()
    for pattern in patterns:
        if pattern == "*":
            return True
        if pattern.startswith("*."):
            base = pattern[2:]
            if domain == base or domain.endswith("." + base):
                return True
        elif domain == pattern:
            return True
    return False
