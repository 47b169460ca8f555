"""Search latency benchmark of the PostgreSQL engine (``satudata_search``).

Fills the search index of its own database (``benchmarks/bench.ini``,
``satudata_bench``) with synthetic datasets, 10,000 and then 100,000 by
default, and times CKAN's real ``package_search`` action, as an anonymous
visitor, over a fixed mix of query shapes (free text, two filters, five
facets, sorting, a deep page). Prints p50/p95/max per shape and for the
whole mix, and the part of each spent inside the engine
(``PostgresSearchConnection.search``; the rest is CKAN and its plugins,
e.g. tracking's one query per result), checks the targets (mix p95 <= 50
ms at 10k, <= 200 ms at 100k) and writes the figures to
``benchmarks/results/search-<size>-<cold|warm>.json``.

The index documents are written straight to the engine
(``PostgresSearchConnection.add``, the bulk path), shaped as CKAN's
``PackageSearchIndex.index_package`` sends them to Solr; no rows are
created in CKAN's ``package`` table. Organizations and groups are real
rows, so ``package_search`` resolves their titles for the facets. After
each build the tables are vacuumed and analyzed (a settled index), and
searches run on the app's pooled database engine, as in a web worker.

Run: ``scripts/database.sh satudata_bench && .venv/bin/python
benchmarks/search.py`` (or ``make bench``). For a quick try while
developing: ``--sizes 1000,5000 --repeat 5``. ``--explain SHAPE`` prints
``EXPLAIN (ANALYZE, BUFFERS)`` of the SQL that shape issues at each size.

The figures are a measurement, not a test: the exit code is 0 whether or
not the targets are met (a missed target is printed as ``TARGET MISSED``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import os
import platform
import random
import re
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DEFAULT_INI = HERE / "bench.ini"
RESULTS_DIR = HERE / "results"

SEED = 2026
BATCH_SIZE = 1_000
WARMUP_ROUNDS = 3
DEFAULT_REPEAT = 30
DEFAULT_SIZES = (10_000, 100_000)
#: Target p95 of the whole mix, in ms, by index size (the largest size
#: not above the measured one applies).
TARGETS_MS = {10_000: 50.0, 100_000: 200.0}
PRIVATE_SHARE = 0.05
CACHE_OPTION = "ckanext.satudata.search.cache_size"
CACHE_SIZE = 512
INDEX_TABLE = "satudata_search_index"
DOC_TABLE = "satudata_search_doc"
FACETS = ["organization", "groups", "tags", "res_format", "license_id"]
ID_NAMESPACE = uuid.UUID("6f1c3a52-2b1e-4c39-9d55-5a7e0b2c2026")
CITY = "Kota Semarang"
PORTAL_URL = "https://data.semarangkota.go.id"

log = logging.getLogger("benchmarks.search")

# -- vocabulary -------------------------------------------------------------

#: Theme (also the group name) -> subjects that datasets of it are about.
THEMES: dict[str, list[str]] = {
    "kependudukan": [
        "penduduk", "kepadatan penduduk", "akta kelahiran", "kartu keluarga",
        "kartu tanda penduduk", "perkawinan", "perceraian", "migrasi penduduk",
        "penduduk lanjut usia", "administrasi kependudukan", "kematian",
        "kelahiran", "rumah tangga", "penduduk usia produktif",
    ],
    "pendidikan": [
        "sekolah dasar", "sekolah menengah pertama", "guru", "siswa",
        "angka partisipasi sekolah", "putus sekolah", "ruang kelas",
        "perpustakaan sekolah", "beasiswa", "pendidikan anak usia dini",
        "angka melek huruf", "lulusan", "madrasah", "taman kanak kanak",
    ],
    "kesehatan": [
        "puskesmas", "rumah sakit", "imunisasi", "balita", "gizi buruk",
        "stunting", "tenaga kesehatan", "ibu hamil", "demam berdarah",
        "tuberkulosis", "kematian bayi", "posyandu", "jaminan kesehatan",
        "kesehatan lingkungan",
    ],
    "ekonomi": [
        "usaha mikro kecil menengah", "koperasi", "tenaga kerja",
        "pengangguran", "inflasi", "harga bahan pokok", "pasar tradisional",
        "industri kecil", "ekspor", "investasi", "pencari kerja",
        "produk domestik regional bruto", "upah minimum",
    ],
    "infrastruktur": [
        "jalan", "jembatan", "drainase", "saluran air", "rumah tidak layak huni",
        "permukiman kumuh", "penerangan jalan umum", "air bersih",
        "bangunan gedung", "tata ruang", "irigasi", "kondisi jalan",
    ],
    "lingkungan": [
        "sampah", "bank sampah", "ruang terbuka hijau", "kualitas udara",
        "kualitas air sungai", "banjir", "rob", "kebakaran", "bencana alam",
        "tanah longsor", "pohon peneduh", "limbah", "sanitasi",
    ],
    "pemerintahan": [
        "aparatur sipil negara", "pegawai", "pengaduan masyarakat",
        "pelayanan publik", "peraturan daerah", "kelurahan", "kecamatan",
        "rukun warga", "aset daerah", "indeks kepuasan masyarakat",
        "sistem pemerintahan berbasis elektronik", "menara telekomunikasi",
    ],
    "sosial": [
        "penyandang disabilitas", "keluarga miskin", "bantuan sosial",
        "anak jalanan", "panti asuhan", "kekerasan terhadap anak",
        "pemberdayaan perempuan", "pemuda", "fasilitas olahraga",
        "atlet berprestasi", "organisasi kemasyarakatan", "lansia terlantar",
    ],
    "pariwisata": [
        "wisatawan", "hotel", "restoran", "objek wisata", "event budaya",
        "cagar budaya", "kesenian", "museum", "desa wisata", "kuliner",
        "biro perjalanan", "pemandu wisata",
    ],
    "pertanian": [
        "produksi padi", "luas panen", "peternakan", "produksi ikan",
        "nelayan", "kelompok tani", "pupuk bersubsidi", "ketahanan pangan",
        "harga gabah", "populasi ternak", "budidaya ikan", "lahan sawah",
    ],
    "transportasi": [
        "angkutan umum", "bus rapid transit", "terminal", "parkir",
        "kecelakaan lalu lintas", "pengujian kendaraan", "rambu lalu lintas",
        "volume kendaraan", "halte", "trayek angkutan", "jalur sepeda",
    ],
    "keuangan": [
        "anggaran pendapatan dan belanja daerah", "pendapatan asli daerah",
        "pajak daerah", "retribusi", "belanja daerah", "realisasi anggaran",
        "pajak bumi dan bangunan", "dana transfer", "hibah", "pembiayaan",
        "aset tetap", "belanja modal",
    ],
}
#: (name, title, main theme) of the organizations (perangkat daerah).
ORGANIZATIONS: list[tuple[str, str, str]] = [
    ("dinas-kesehatan", "Dinas Kesehatan", "kesehatan"),
    ("rsud-kota-semarang", "RSUD Kota Semarang", "kesehatan"),
    ("dinas-pendidikan", "Dinas Pendidikan", "pendidikan"),
    ("dinas-perpustakaan-dan-kearsipan", "Dinas Perpustakaan dan Kearsipan",
     "pendidikan"),
    ("dinas-kependudukan-dan-pencatatan-sipil",
     "Dinas Kependudukan dan Pencatatan Sipil", "kependudukan"),
    ("dinas-pengendalian-penduduk-dan-kb",
     "Dinas Pengendalian Penduduk dan Keluarga Berencana", "kependudukan"),
    ("dinas-pekerjaan-umum", "Dinas Pekerjaan Umum", "infrastruktur"),
    ("dinas-perumahan-dan-kawasan-permukiman",
     "Dinas Perumahan dan Kawasan Permukiman", "infrastruktur"),
    ("dinas-penataan-ruang", "Dinas Penataan Ruang", "infrastruktur"),
    ("badan-pengelolaan-keuangan-dan-aset-daerah",
     "Badan Pengelolaan Keuangan dan Aset Daerah", "keuangan"),
    ("badan-pendapatan-daerah", "Badan Pendapatan Daerah", "keuangan"),
    ("badan-perencanaan-pembangunan-daerah",
     "Badan Perencanaan Pembangunan Daerah", "pemerintahan"),
    ("badan-kepegawaian-daerah", "Badan Kepegawaian Daerah", "pemerintahan"),
    ("dinas-komunikasi-informatika-statistik-dan-persandian",
     "Dinas Komunikasi, Informatika, Statistik dan Persandian", "pemerintahan"),
    ("satuan-polisi-pamong-praja", "Satuan Polisi Pamong Praja", "pemerintahan"),
    ("dinas-pertanian", "Dinas Pertanian", "pertanian"),
    ("dinas-perikanan", "Dinas Perikanan", "pertanian"),
    ("dinas-ketahanan-pangan", "Dinas Ketahanan Pangan", "pertanian"),
    ("dinas-kebudayaan-dan-pariwisata", "Dinas Kebudayaan dan Pariwisata",
     "pariwisata"),
    ("dinas-perhubungan", "Dinas Perhubungan", "transportasi"),
    ("dinas-lingkungan-hidup", "Dinas Lingkungan Hidup", "lingkungan"),
    ("badan-penanggulangan-bencana-daerah",
     "Badan Penanggulangan Bencana Daerah", "lingkungan"),
    ("dinas-pemadam-kebakaran", "Dinas Pemadam Kebakaran", "lingkungan"),
    ("dinas-sosial", "Dinas Sosial", "sosial"),
    ("dinas-kepemudaan-dan-olahraga", "Dinas Kepemudaan dan Olahraga", "sosial"),
    ("dinas-pemberdayaan-perempuan-dan-perlindungan-anak",
     "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "sosial"),
    ("dinas-tenaga-kerja", "Dinas Tenaga Kerja", "ekonomi"),
    ("dinas-koperasi-dan-umkm", "Dinas Koperasi dan Usaha Mikro", "ekonomi"),
    ("dinas-perdagangan", "Dinas Perdagangan", "ekonomi"),
    ("dinas-penanaman-modal-dan-ptsp",
     "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "ekonomi"),
]
MEASURES = [
    "Jumlah", "Data", "Persentase", "Rekapitulasi", "Daftar", "Rasio",
    "Indeks", "Capaian", "Realisasi", "Statistik", "Sebaran", "Profil",
]
DIMENSIONS = [
    "Menurut Kecamatan", "per Kelurahan", "Berdasarkan Jenis Kelamin",
    "Menurut Kelompok Umur", "per Bulan", "per Triwulan", "Menurut Status",
    "Menurut Jenis", "di Kota Semarang", "Tingkat Kota",
]
#: Tags not tied to one theme.
GENERAL_TAGS = [
    "data-terbuka", "satu-data", "statistik-sektoral", "indikator", "rpjmd",
    "spm", "sdgs", "kecamatan", "kelurahan", "jenis-kelamin", "kelompok-umur",
    "tahunan", "bulanan", "triwulanan", "rekapitulasi", "semarang",
    "kinerja", "pelayanan", "profil-daerah", "renstra",
]
SENTENCES = [
    "Data ini digunakan untuk perencanaan pembangunan daerah.",
    "Sumber data berasal dari laporan rutin tingkat kelurahan dan kecamatan.",
    "Data telah diverifikasi oleh wali data sesuai prinsip Satu Data Indonesia.",
    "Angka sementara dapat berubah setelah pemutakhiran berikutnya.",
    "Data mendukung pemantauan indikator kinerja daerah dan capaian SDGs.",
    "Metadata statistik sektoral tersedia pada dokumen pendukung.",
]
#: (format, share, file extension, mimetype)
FORMATS: list[tuple[str, float, str, str]] = [
    ("CSV", 0.40, "csv", "text/csv"),
    ("XLSX", 0.25, "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("PDF", 0.15, "pdf", "application/pdf"),
    ("JSON", 0.10, "json", "application/json"),
    ("XML", 0.05, "xml", "application/xml"),
    ("SHP", 0.05, "zip", "application/zip"),
]
#: (id, title, url, share)
LICENSES: list[tuple[str, str, str, float]] = [
    ("cc-by", "Creative Commons Attribution",
     "http://www.opendefinition.org/licenses/cc-by", 0.45),
    ("cc-by-sa", "Creative Commons Attribution Share-Alike",
     "http://www.opendefinition.org/licenses/cc-by-sa", 0.20),
    ("cc-zero", "Creative Commons CCZero",
     "http://www.opendefinition.org/licenses/cc-zero", 0.15),
    ("odc-odbl", "Open Data Commons Open Database License (ODbL)",
     "http://www.opendefinition.org/licenses/odc-odbl", 0.10),
    ("other-open", "Other (Open)", "", 0.10),
]
FREQUENCIES = ["Tahunan", "Semesteran", "Triwulanan", "Bulanan"]
FIRST_YEAR, LAST_YEAR = 2015, 2025
LAST_MODIFIED = datetime(2026, 6, 30, tzinfo=timezone.utc)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def stable_id(kind: str, name: str) -> str:
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{name}"))


def build_tags() -> list[str]:
    """About 200 distinct tags: the themes, their subjects, general tags."""
    tags = list(THEMES) + GENERAL_TAGS
    for subjects in THEMES.values():
        tags += [slugify(s) for s in subjects]
    return list(dict.fromkeys(tags))


# -- synthetic datasets ---------------------------------------------------------


@dataclass(frozen=True)
class Org:
    id: str
    name: str
    title: str
    theme: str


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    title: str


@dataclass
class Catalogue:
    """The organizations and groups every synthetic dataset refers to."""

    orgs: list[Org]
    groups: dict[str, Group]

    @classmethod
    def standard(cls) -> Catalogue:
        orgs = [Org(stable_id("organization", n), n, t, theme)
                for n, t, theme in ORGANIZATIONS]
        groups = {name: Group(stable_id("group", name), name, name.title())
                  for name in THEMES}
        return cls(orgs, groups)


def _iso(moment: datetime) -> str:
    """CKAN's ``metadata_created`` form: naive UTC, microseconds."""
    return moment.astimezone(timezone.utc).replace(tzinfo=None).isoformat(
        timespec="microseconds")


@dataclass
class DatasetFactory:
    """Deterministic synthetic datasets: the n-th one is always the same."""

    catalogue: Catalogue
    site_id: str
    rng: random.Random = field(default_factory=lambda: random.Random(SEED))
    made: int = 0
    public: int = 0

    def __post_init__(self) -> None:
        self.tags = build_tags()
        # Zipf-like popularity: a few tags are on many datasets.
        self.tag_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.tags))]
        self.rng.shuffle(self.tags)

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def _pick_tags(self, theme: str, subject: str) -> list[str]:
        tags = [theme, slugify(subject)]
        extra = self.rng.randint(0, 4)
        tags += self.rng.choices(self.tags, weights=self.tag_weights, k=extra)
        return list(dict.fromkeys(tags))

    def _dates(self, year: int) -> tuple[datetime, datetime]:
        start = datetime(year, 1, 1, tzinfo=timezone.utc)
        created = start + timedelta(seconds=self.rng.randrange(365 * 86_400),
                                    microseconds=self.rng.randrange(1_000_000))
        modified = created + timedelta(seconds=self.rng.randrange(730 * 86_400))
        return created, min(modified, LAST_MODIFIED)

    def _resources(self, pkg_id: str, name: str, title: str,
                   created: str) -> list[dict[str, Any]]:
        count = self.rng.choices([1, 2, 3, 4], weights=[45, 30, 15, 10])[0]
        formats = self.rng.choices(FORMATS, weights=[f[1] for f in FORMATS],
                                   k=count)
        resources = []
        for position, (fmt, _share, ext, mimetype) in enumerate(formats):
            res_id = self._uuid()
            resources.append({
                "id": res_id, "package_id": pkg_id, "position": position,
                "name": f"{title} ({fmt})",
                "description": f"Berkas {fmt} untuk {title.lower()}.",
                "format": fmt, "mimetype": mimetype, "url_type": "upload",
                "url": f"{PORTAL_URL}/dataset/{name}/resource/{res_id}"
                       f"/download/{name[:40]}.{ext}",
                "size": self.rng.randrange(2_000, 5_000_000), "hash": "",
                "state": "active", "created": created, "last_modified": created,
                "metadata_modified": created, "cache_url": None,
                "cache_last_updated": None, "datastore_active": False,
                "resource_type": None,
            })
        return resources

    def package(self) -> dict[str, Any]:
        """A dataset as ``package_show`` returns it (the validated dict)."""
        rng = self.rng
        org = rng.choice(self.catalogue.orgs)
        theme = org.theme if rng.random() < 0.85 else rng.choice(list(THEMES))
        subject = rng.choice(THEMES[theme])
        year = rng.randint(FIRST_YEAR, LAST_YEAR)
        measure, dimension = rng.choice(MEASURES), rng.choice(DIMENSIONS)
        title = f"{measure} {subject.title()} {dimension} Tahun {year}"
        pkg_id = self._uuid()
        name = f"{slugify(title)[:80]}-{self.made:06d}"
        created, modified = self._dates(year)
        frequency = rng.choice(FREQUENCIES)
        license_id, license_title, license_url, _ = rng.choices(
            LICENSES, weights=[lic[3] for lic in LICENSES])[0]
        group_names = [theme]
        if rng.random() < 0.3:
            group_names.append(rng.choice(list(THEMES)))
        groups = [self.catalogue.groups[g] for g in dict.fromkeys(group_names)]
        tags = self._pick_tags(theme, subject)
        notes = " ".join([
            f"Dataset ini berisi {measure.lower()} {subject} "
            f"{dimension.lower()} di {CITY} pada tahun {year}.",
            f"Data dihimpun oleh {org.title} secara {frequency.lower()}.",
            *rng.sample(SENTENCES, k=rng.randint(1, 2)),
        ])
        resources = self._resources(pkg_id, name, title, _iso(created))
        return {
            "id": pkg_id, "name": name, "title": title, "notes": notes,
            "type": "dataset", "state": "active",
            "private": rng.random() < PRIVATE_SHARE,
            "author": "", "author_email": "", "maintainer": org.title,
            "maintainer_email": "", "url": "", "version": "",
            "creator_user_id": stable_id("user", "bench"),
            "license_id": license_id, "license_title": license_title,
            "license_url": license_url, "isopen": True,
            "metadata_created": _iso(created), "metadata_modified": _iso(modified),
            "owner_org": org.id,
            "organization": {
                "id": org.id, "name": org.name, "title": org.title,
                "type": "organization", "description": "", "image_url": "",
                "created": "2015-01-01T00:00:00", "is_organization": True,
                "approval_status": "approved", "state": "active",
            },
            "groups": [{"id": g.id, "name": g.name, "title": g.title,
                        "display_name": g.title, "description": "",
                        "image_display_url": ""} for g in groups],
            "tags": [{"id": stable_id("tag", t), "name": t, "display_name": t,
                      "state": "active", "vocabulary_id": None} for t in tags],
            "extras": [{"key": "tahun_data", "value": str(year)},
                       {"key": "frekuensi", "value": frequency}],
            "resources": resources, "num_resources": len(resources),
            "num_tags": len(tags),
            "relationships_as_subject": [], "relationships_as_object": [],
        }

    def index_document(self, pkg: dict[str, Any]) -> dict[str, Any]:
        """What ``PackageSearchIndex.index_package`` would send to Solr."""
        doc = dict(pkg)
        doc["data_dict"] = doc["validated_data_dict"] = json.dumps(pkg)
        doc["title_string"] = pkg["title"]
        for extra in doc.pop("extras"):
            doc["extras_" + extra["key"]] = extra["value"]
            doc.setdefault(extra["key"], extra["value"])
        doc["tags"] = [t["name"] for t in pkg["tags"]]
        doc["groups"] = [g["name"] for g in pkg["groups"]]
        doc["capacity"] = "private" if pkg["private"] else "public"
        doc["organization"] = pkg["organization"]["name"]
        for key, res_key in (("name", "res_name"), ("description", "res_description"),
                             ("format", "res_format"), ("url", "res_url"),
                             ("resource_type", "res_type")):
            doc[res_key] = [r.get(key, "") for r in pkg["resources"]]
        for key in ("resources", "relationships_as_subject",
                    "relationships_as_object"):
            doc.pop(key)
        doc["entity_type"] = "package"
        doc["dataset_type"] = pkg["type"]
        doc["metadata_created"] += "Z"
        doc["metadata_modified"] += "Z"
        doc["site_id"] = self.site_id
        doc["index_id"] = hashlib.md5(
            f"{pkg['id']}{self.site_id}".encode()).hexdigest()
        doc["permission_labels"] = (
            [f"member-{pkg['owner_org']}"] if pkg["private"] else ["public"])
        return doc

    def documents(self, count: int) -> Iterator[dict[str, Any]]:
        for _ in range(count):
            pkg = self.package()
            self.made += 1
            self.public += not pkg["private"]
            yield self.index_document(pkg)


# -- CKAN and the database --------------------------------------------------------


def quiet_logging() -> None:
    for name in ("", "ckan", "ckanext", "sqlalchemy", "alembic"):
        logging.getLogger(name).setLevel(logging.WARNING)


def start_ckan(ini: Path) -> Any:
    """Load the configuration and make the app (loads the plugins)."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app

    logging.disable(logging.INFO)  # load_config applies the ini's loggers
    try:
        conf = load_config(str(ini))
    finally:
        logging.disable(logging.NOTSET)
    quiet_logging()
    app = make_app(conf)
    quiet_logging()
    return app


def prepare_database(catalogue: Catalogue) -> None:
    """Core and plugin tables, the organizations and groups, an empty index."""
    from ckan import model

    from ckanext.satudata.testing import migrate_plugin_tables

    engine = model.ensure_engine()
    model.repo.init_db()
    migrate_plugin_tables()
    # CKAN's migrations leave the model on their own engine, which opens a
    # new connection for every use (NullPool): back to the app's pooled
    # one, as in a web worker (else each search pays 2-6 ms connecting)
    model.init_model(engine)
    quiet_logging()
    for org in catalogue.orgs:
        _ensure_group(org.id, org.name, org.title, is_organization=True)
    for group in catalogue.groups.values():
        _ensure_group(group.id, group.name, group.title, is_organization=False)
    model.Session.commit()
    with model.ensure_engine().begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {INDEX_TABLE}, {DOC_TABLE}")


def _ensure_group(id_: str, name: str, title: str, is_organization: bool) -> None:
    from ckan import model

    if model.Group.get(id_) is not None:
        return
    group = model.Group(
        name=name, title=title, is_organization=is_organization,
        type="organization" if is_organization else "group")
    group.id = id_
    group.state = "active"
    model.Session.add(group)


@dataclass
class BuildStats:
    documents: int
    seconds: float
    generate_seconds: float
    analyze_seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def grow_index(factory: DatasetFactory, target: int) -> BuildStats:
    """Add documents until the index holds ``target`` of them, then VACUUM ANALYZE
    (``optimize``): the figures are of a settled index, not of one that
    autovacuum is busy with."""
    from ckanext.satudata.search.backend import PostgresSearchConnection

    conn = PostgresSearchConnection()
    added, generating = 0, 0.0
    started = time.perf_counter()
    while factory.made < target:
        t0 = time.perf_counter()
        batch = list(factory.documents(min(BATCH_SIZE, target - factory.made)))
        generating += time.perf_counter() - t0
        conn.add(batch)
        added += len(batch)
    built = time.perf_counter()
    conn.optimize()
    analyzed = time.perf_counter()
    return BuildStats(added, analyzed - started, generating, analyzed - built)


def index_row_count() -> int:
    from ckan import model

    with model.ensure_engine().connect() as conn:
        return conn.exec_driver_sql(f"SELECT count(*) FROM {INDEX_TABLE}").scalar_one()


# -- the query mix ---------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    params: dict[str, Any]


def query_mix() -> list[Shape]:
    """The fixed mix; every shape asks for the five facets of /dataset."""
    base = {"facet.field": FACETS, "rows": 20, "include_private": True}

    def shape(name: str, description: str, **params: Any) -> Shape:
        return Shape(name, description, {**base, **params})

    return [
        shape("landing", "/dataset: no q, 5 facets, default sort",
              q="", sort="score desc, metadata_modified desc"),
        shape("text-1-word", "q=penduduk, 5 facets",
              q="penduduk", sort="score desc, metadata_modified desc"),
        shape("text-2-words", "q=kesehatan puskesmas, 5 facets",
              q="kesehatan puskesmas", sort="score desc, metadata_modified desc"),
        shape("text+2-filters", "q=sekolah, organization + tag, sort modified",
              q="sekolah",
              fq='organization:"dinas-pendidikan" tags:"sekolah-dasar"',
              sort="metadata_modified desc"),
        shape("2-filters+title-sort", "format + licence, sort title",
              q="", fq='res_format:"CSV" license_id:"cc-by"',
              sort="title_string asc"),
        shape("text+date-range", "q=anggaran, modified since 2020, sort created",
              q="anggaran",
              fq="metadata_modified:[2020-01-01T00:00:00Z TO NOW]",
              sort="metadata_created desc"),
        shape("deep-page", "/dataset page 11 (start=200)",
              q="", sort="score desc, metadata_modified desc", start=200),
    ]


def run_query(shape: Shape) -> dict[str, Any]:
    """``package_search`` as an anonymous visitor (permission labels apply)."""
    from ckan.plugins import toolkit

    context = {"user": "", "ignore_auth": False}
    params = json.loads(json.dumps(shape.params))  # the action mutates it
    return toolkit.get_action("package_search")(context, params)


def percentile(values: list[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class EngineClock:
    """Time spent inside the engine (``PostgresSearchConnection.search``)
    during one ``package_search``: the rest is CKAN and the plugins
    (e.g. tracking's ``after_dataset_search``, one query per result)."""

    def __init__(self) -> None:
        self.spent = 0.0

    def install(self) -> None:
        from ckanext.satudata.search.backend import PostgresSearchConnection

        search = PostgresSearchConnection.search
        clock = self

        def timed_search(engine: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return search(engine, *args, **kwargs)
            finally:
                clock.spent += time.perf_counter() - started

        PostgresSearchConnection.search = timed_search  # type: ignore[method-assign]

    def take_ms(self) -> float:
        spent, self.spent = self.spent, 0.0
        return spent * 1000


ENGINE_CLOCK = EngineClock()


@dataclass
class ShapeResult:
    shape: Shape
    hits: int = 0
    samples_ms: list[float] = field(default_factory=list)
    engine_ms: list[float] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "name": self.shape.name, "description": self.shape.description,
            "params": self.shape.params, "hits": self.hits,
            "runs": len(self.samples_ms),
            "p50_ms": round(percentile(self.samples_ms, 50), 2),
            "p95_ms": round(percentile(self.samples_ms, 95), 2),
            "max_ms": round(max(self.samples_ms), 2),
            "mean_ms": round(statistics.fmean(self.samples_ms), 2),
            "engine_p50_ms": round(percentile(self.engine_ms, 50), 2),
            "engine_p95_ms": round(percentile(self.engine_ms, 95), 2),
        }


def measure(shapes: list[Shape], repeat: int) -> list[ShapeResult]:
    """Warm up, then run the shapes round-robin ``repeat`` times each."""
    results = [ShapeResult(s) for s in shapes]
    for _ in range(WARMUP_ROUNDS):
        for shape in shapes:
            run_query(shape)
    for _ in range(repeat):
        for result in results:
            ENGINE_CLOCK.take_ms()
            started = time.perf_counter()
            answer = run_query(result.shape)
            result.samples_ms.append((time.perf_counter() - started) * 1000)
            result.engine_ms.append(ENGINE_CLOCK.take_ms())
            result.hits = answer["count"]
    return results


# -- correctness -----------------------------------------------------------------


def sanity_checks(shapes: list[Shape], public: int) -> list[tuple[str, bool, str]]:
    """A few answers whose right value is known without a second engine."""
    by_name = {s.name: s for s in shapes}
    checks: list[tuple[str, bool, str]] = []

    landing = run_query(by_name["landing"])
    org_sum = sum(landing["facets"]["organization"].values())
    checks.append(("anonymous sees exactly the public datasets",
                   landing["count"] == public,
                   f"count {landing['count']}, public {public}"))
    checks.append(("organization facet counts sum to the hit count",
                   org_sum == landing["count"],
                   f"sum {org_sum}, count {landing['count']}"))

    filtered = run_query(by_name["2-filters+title-sort"])
    count, facets = filtered["count"], filtered["facets"]
    checks.append(("filters hold: res_format CSV and license cc-by on every hit",
                   facets["license_id"] == {"cc-by": count}
                   and facets["res_format"].get("CSV") == count,
                   f"count {count}, license_id {facets['license_id']}, "
                   f"CSV {facets['res_format'].get('CSV')}"))
    titles = [r["title"] for r in filtered["results"]]
    checks.append(("title_string asc sorts the page by title",
                   titles == sorted(titles, key=str.lower),
                   f"first {titles[:1]}"))

    dated = run_query(by_name["text+date-range"])
    created = [r["metadata_created"] for r in dated["results"]]
    modified = [r["metadata_modified"] for r in dated["results"]]
    checks.append(("date range and metadata_created desc hold on the page",
                   created == sorted(created, reverse=True)
                   and all(m >= "2020-01-01" for m in modified),
                   f"{len(created)} results"))
    return checks


# -- EXPLAIN ---------------------------------------------------------------------


def explain(shape: Shape) -> None:
    """Print EXPLAIN (ANALYZE, BUFFERS) for each SQL statement of ``shape``."""
    from ckan import model
    from sqlalchemy import event

    engine = model.ensure_engine()
    captured: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any,
                _context: Any, _many: bool) -> None:
        if (("satudata_search_" in statement and "nextval" not in statement)
                or statement.startswith("SELECT set_config(")):
            captured.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        run_query(shape)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in captured:
            if statement.startswith("SELECT set_config("):
                # the engine's planner settings for the search's transaction
                cursor.execute(statement, parameters)
                continue
            sql = cursor.mogrify(statement, parameters).decode()
            print(f"\n-- {shape.name}: {sql}")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)
            print("\n".join(row[0] for row in cursor.fetchall()))
    finally:
        raw.close()


# -- reporting -------------------------------------------------------------------


def target_for(size: int) -> float | None:
    fitting = [limit for threshold, limit in sorted(TARGETS_MS.items())
               if size >= threshold]
    return fitting[-1] if fitting else None


def verdict_line(size: int, p95: float, target: float) -> str:
    if p95 <= target:
        return f"target met: mix p95 {p95:.1f} ms <= {target:.0f} ms at {size:,}"
    return f"TARGET MISSED: mix p95 {p95:.1f} ms > {target:.0f} ms at {size:,}"


def print_summary(all_figures: list[dict[str, Any]]) -> None:
    print("\n== summary ==")
    for figures in all_figures:
        overall, target = figures["overall"], figures["target_p95_ms"]
        line = (f"{figures['size']:>9,} datasets, {figures['mode']:<4}: mix p50 "
                f"{overall['p50_ms']:.1f} ms, p95 {overall['p95_ms']:.1f} ms "
                f"(engine p95 {overall['engine_p95_ms']:.1f} ms)")
        if target is not None:
            line += " -> " + verdict_line(figures["size"], overall["p95_ms"], target)
        print(line)


def environment() -> dict[str, Any]:
    import ckan
    from ckan import model

    with model.ensure_engine().connect() as conn:
        pg = conn.exec_driver_sql("SHOW server_version").scalar_one()
    return {"python": platform.python_version(), "ckan": ckan.__version__,
            "postgresql": pg, "cpus": os.cpu_count(),
            "machine": platform.machine(),
            # the machine may be shared: busy cores slow every figure
            "load_average_1min": round(os.getloadavg()[0], 2)}


def report(size: int, public: int, build: BuildStats, results: list[ShapeResult],
           checks: list[tuple[str, bool, str]], repeat: int,
           mode: str) -> dict[str, Any]:
    summaries = [r.summary() for r in results]
    pooled = [ms for r in results for ms in r.samples_ms]
    engine = [ms for r in results for ms in r.engine_ms]
    overall = {"p50_ms": round(percentile(pooled, 50), 2),
               "p95_ms": round(percentile(pooled, 95), 2),
               "max_ms": round(max(pooled), 2),
               "engine_p50_ms": round(percentile(engine, 50), 2),
               "engine_p95_ms": round(percentile(engine, 95), 2)}
    target = target_for(size)
    met = None if target is None else overall["p95_ms"] <= target

    print(f"\n== {size:,} datasets in the index ({public:,} public), "
          f"{mode} ({'result cache off' if mode == 'cold' else 'result cache on'}) ==")
    print(f"added {build.documents:,} documents in {build.seconds:.1f} s "
          f"({build.rows_per_second:,.0f} rows/s; generating "
          f"{build.generate_seconds:.1f} s, VACUUM ANALYZE "
          f"{build.analyze_seconds:.1f} s)")
    print(f"{WARMUP_ROUNDS} warm-up rounds, then {repeat} runs per shape, interleaved")
    header = (f"{'shape':<22} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} "
              f"{'max ms':>8} {'engine p50':>11} {'engine p95':>11}")
    print(header)
    print("-" * len(header))
    for s in summaries:
        print(f"{s['name']:<22} {s['hits']:>7,} {s['p50_ms']:>8.1f} "
              f"{s['p95_ms']:>8.1f} {s['max_ms']:>8.1f} "
              f"{s['engine_p50_ms']:>11.1f} {s['engine_p95_ms']:>11.1f}")
    print("-" * len(header))
    print(f"{'overall (mix)':<22} {'':>7} {overall['p50_ms']:>8.1f} "
          f"{overall['p95_ms']:>8.1f} {overall['max_ms']:>8.1f} "
          f"{overall['engine_p50_ms']:>11.1f} {overall['engine_p95_ms']:>11.1f}")
    print("(engine: time inside PostgresSearchConnection.search; the rest is "
          "CKAN and its plugins)")
    if target is not None:
        print(verdict_line(size, overall["p95_ms"], target))
        for s in summaries:
            if s["p95_ms"] > target:
                print(f"  note: shape {s['name']} alone has p95 {s['p95_ms']:.1f} ms "
                      f"> {target:.0f} ms")
    for name, ok, detail in checks:
        print(f"check {'OK' if ok else 'FAILED'}: {name} ({detail})")

    return {
        "size": size, "mode": mode, "public": public, "repeat": repeat,
        "warmup_rounds": WARMUP_ROUNDS, "seed": SEED,
        "build": {"documents_added": build.documents,
                  "seconds": round(build.seconds, 2),
                  "generate_seconds": round(build.generate_seconds, 2),
                  "analyze_seconds": round(build.analyze_seconds, 2),
                  "rows_per_second": round(build.rows_per_second, 1)},
        "shapes": summaries, "overall": overall,
        "target_p95_ms": target, "target_met": met,
        "checks": [{"name": n, "ok": ok, "detail": d} for n, ok, d in checks],
        "environment": environment(),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def write_results(figures: dict[str, Any]) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"search-{figures['size']}-{figures['mode']}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return path


# -- main ------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",")})
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a list of sizes: {text!r}") from e
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes,
                        default=list(DEFAULT_SIZES),
                        help="index sizes to measure, ascending "
                             "(default: 10000,100000)")
    parser.add_argument("--repeat", type=int, default=DEFAULT_REPEAT,
                        help=f"timed runs per shape (default: {DEFAULT_REPEAT})")
    parser.add_argument("--config", type=Path, default=DEFAULT_INI,
                        help="CKAN ini file (default: benchmarks/bench.ini)")
    parser.add_argument("--cache", type=lambda t: t.split(","),
                        default=["cold", "warm"],
                        help="modes to measure: cold (result cache off), warm "
                             "(result cache on); default cold,warm")
    parser.add_argument("--explain", action="append", default=[],
                        metavar="SHAPE",
                        help="print EXPLAIN ANALYZE of this shape's SQL at "
                             "each size (repeatable)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    known = {s.name for s in query_mix()}
    if unknown := set(args.explain) - known:
        parser.error(f"unknown shape(s) {sorted(unknown)}; known: {sorted(known)}")
    return args


def timed(step: str, action: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    value = action()
    print(f"{step}: {time.perf_counter() - started:.1f} s", flush=True)
    return value


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    began = time.perf_counter()
    app = timed("start CKAN", lambda: start_ckan(args.config))
    from ckan.common import config

    catalogue = Catalogue.standard()
    factory = DatasetFactory(catalogue, site_id=config["ckan.site_id"])
    shapes = query_mix()
    all_figures: list[dict[str, Any]] = []
    ENGINE_CLOCK.install()
    with app._wsgi_app.test_request_context():
        timed("prepare database", lambda: prepare_database(catalogue))
        print("environment: " + ", ".join(
            f"{k} {v}" for k, v in environment().items()))
        for size in args.sizes:
            print(f"\nbuilding the index up to {size:,} documents ...", flush=True)
            build = grow_index(factory, size)
            assert index_row_count() == size, "index row count differs from size"
            for mode in args.cache:
                # cold: every query computed by PostgreSQL (result cache off);
                # warm: repeated queries answered by the result cache.
                config[CACHE_OPTION] = 0 if mode == "cold" else CACHE_SIZE
                results = measure(shapes, args.repeat)
                checks = sanity_checks(shapes, factory.public)
                figures = report(size, factory.public, build, results, checks,
                                 args.repeat, mode)
                print(f"figures written to {write_results(figures)}")
                all_figures.append(figures)
            for name in args.explain:
                explain(next(s for s in shapes if s.name == name))
    print_summary(all_figures)
    print(f"\ntotal runtime {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
