"""Electronic signatures of uploaded PDFs (``ckanext.satudata.pdfsign``):
PDFs built with pypdf, certificates made here with ``cryptography`` and
signed with pyHanko. No database (but the last test, which renders the
Indonesian text inside a request of the CKAN app)."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ckanext.satudata import pdfcheck, pdfsign

NOW = dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Identity:
    """A certificate (DER) and its private key."""

    der: bytes
    key: Key

    @property
    def pem(self) -> bytes:
        return x509.load_der_x509_certificate(self.der).public_bytes(
            serialization.Encoding.PEM)

    @property
    def private_key_info(self) -> asn1_keys.PrivateKeyInfo:
        return asn1_keys.PrivateKeyInfo.load(self.key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))

    def signer(self, *chain: Identity) -> signers.SimpleSigner:
        cert = asn1_x509.Certificate.load(self.der)
        key = self.private_key_info
        others = [asn1_x509.Certificate.load(c.der) for c in chain]
        return signers.SimpleSigner(
            signing_cert=cert, signing_key=key,
            cert_registry=SimpleCertificateStore.from_certs([cert, *others]))


def name(common_name: str, organisation: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    return x509.Name(attributes)


Key = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def certificate(key: Key, subject: x509.Name, *,
                issuer: Identity | None = None, ca: bool = False,
                timestamping: bool = False) -> Identity:
    """A certificate for ``key``: self-signed unless ``issuer`` is given."""
    issuer_name = (x509.load_der_x509_certificate(issuer.der).subject
                   if issuer else subject)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None),
                       critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=not ca, content_commitment=not ca,
            key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=ca, crl_sign=ca,
            encipher_only=False, decipher_only=False), critical=True)
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]),
            critical=True)
    signing_key = issuer.key if issuer else key
    cert = builder.sign(signing_key, hashes.SHA256())
    return Identity(cert.public_bytes(serialization.Encoding.DER), key)


@pytest.fixture(scope="module")
def key() -> ec.EllipticCurvePrivateKey:
    """One EC P-256 key for every certificate of the module (fast)."""
    return ec.generate_private_key(ec.SECP256R1())


@pytest.fixture(scope="module")
def self_signed(key) -> Identity:
    return certificate(key, name("Budi Santoso", "Dinas Kesehatan Kota Contoh"))


@pytest.fixture(scope="module")
def root_ca(key) -> Identity:
    return certificate(key, name("Root CA Contoh", "Balai Sertifikasi Contoh"),
                       ca=True)


@pytest.fixture(scope="module")
def issued(key, root_ca) -> Identity:
    """A signer certificate issued by :func:`root_ca` (the BSrE case)."""
    return certificate(key, name("Siti Aminah"), issuer=root_ca)


def blank_pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sign(content: bytes, signer: signers.Signer, field: str = "Tanda1",
         timestamper: timestamps.TimeStamper | None = None) -> bytes:
    """``content`` signed in an incremental update (PAdES)."""
    meta = signers.PdfSignatureMetadata(
        field_name=field, subfilter=fields.SigSeedSubFilter.PADES)
    out = pdfsign.outside_event_loop(
        signers.sign_pdf, IncrementalPdfFileWriter(io.BytesIO(content)), meta,
        signer=signer, timestamper=timestamper)
    return out.getvalue()


@pytest.fixture(scope="module")
def signed(self_signed) -> bytes:
    return sign(blank_pdf(), self_signed.signer())


def append_update(content: bytes, change) -> bytes:
    """``content`` with an incremental update made by ``change(writer)``."""
    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_signed_pdf_is_recognised(signed):
    before = dt.datetime.now(dt.timezone.utc)
    [signature] = pdfsign.signatures(signed)
    assert signature.field == "Tanda1"
    assert signature.common_name == "Budi Santoso"
    assert signature.organisation == "Dinas Kesehatan Kota Contoh"
    assert signature.signer == "Budi Santoso (Dinas Kesehatan Kota Contoh)"
    assert signature.signed_at is not None
    assert signature.signed_at.tzinfo is not None
    # signed by the module fixture, a moment ago
    assert before - dt.timedelta(minutes=5) < signature.signed_at <= before
    assert signature.timestamped is False
    assert signature.intact
    assert signature.covers_whole_document
    assert not signature.modified
    assert signature.valid
    assert signature.reason == ""


def test_a_signed_pdf_passes_the_content_check(signed):
    assert pdfcheck.problems(signed, max_bytes=1_000_000, max_pages=5) == []


def test_nothing_is_trusted_by_default(signed):
    [signature] = pdfsign.signatures(signed)
    assert signature.intact and not signature.trusted
    assert "certificate is not recognised yet" in signature.summary
    assert str(signature) == signature.summary


@pytest.mark.parametrize("form", ["der", "pem"])
def test_its_certificate_given_as_root_is_trusted(signed, self_signed, form):
    root = getattr(self_signed, form)
    [signature] = pdfsign.signatures(signed, trusted_roots=[root])
    assert signature.trusted
    assert "the certificate is recognised" in signature.summary


def test_a_certificate_issued_by_a_trusted_root_is_trusted(issued, root_ca,
                                                           self_signed):
    content = sign(blank_pdf(), issued.signer(root_ca))
    [untrusted] = pdfsign.signatures(content)
    assert untrusted.signer == "Siti Aminah"
    assert untrusted.intact and not untrusted.trusted
    [other_root] = pdfsign.signatures(content, trusted_roots=[self_signed.der])
    assert not other_root.trusted
    [trusted] = pdfsign.signatures(content,
                                   trusted_roots=[self_signed.pem + root_ca.pem])
    assert trusted.trusted


def test_a_root_that_is_no_certificate_is_a_configuration_error(signed):
    with pytest.raises(ValueError):
        pdfsign.signatures(signed, trusted_roots=[b"bukan sertifikat"])


def test_the_time_of_a_timestamp_token_wins(self_signed):
    # pyHanko's test time-stamping authority signs with RSA only
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    tsa = certificate(tsa_key, name("TSA Contoh"), timestamping=True)
    moment = dt.datetime(2026, 3, 5, 7, 30, tzinfo=dt.timezone.utc)
    stamper = timestamps.DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(tsa.der),
        tsa_key=tsa.private_key_info, fixed_dt=moment)
    content = sign(blank_pdf(), self_signed.signer(), timestamper=stamper)
    [signature] = pdfsign.signatures(content)
    assert signature.timestamped
    assert signature.signed_at == moment
    assert signature.intact


def test_a_byte_changed_inside_the_signed_range_breaks_it(signed):
    # the binary comment on the second line is signed, and no parser needs it
    position = signed.index(b"\n") + 2
    damaged = bytearray(signed)
    damaged[position] ^= 0x01
    [signature] = pdfsign.signatures(bytes(damaged))
    assert not signature.intact and not signature.trusted
    assert signature.reason == pdfsign.DIGEST_MISMATCH
    assert "not intact" in signature.summary
    assert pdfsign.describe(bytes(damaged)) == pdfsign.NOT_INTACT


def test_a_damaged_signature_value_is_not_intact(signed):
    """The hex of /Contents zeroed: the CMS data cannot be read."""
    match = re.search(rb"/Contents <([0-9a-fA-F]+)>", signed)
    assert match
    damaged = (signed[:match.start(1)] + b"0" * len(match.group(1))
               + signed[match.end(1):])
    [signature] = pdfsign.signatures(damaged)
    assert not signature.intact
    assert signature.reason == pdfsign.DAMAGED
    assert pdfsign.describe(damaged) == pdfsign.NOT_INTACT


def test_a_broken_byte_range_is_not_intact(signed):
    match = re.search(rb"/ByteRange \[[^\]]*\]", signed)
    assert match
    # the same length, so that the offsets of the file stay right
    fake = b"/ByteRange [0 1 2 3]".ljust(len(match.group(0)))
    damaged = signed[:match.start()] + fake + signed[match.end():]
    found = pdfsign.signatures(damaged)
    assert len(found) == 1 and not found[0].intact


def test_an_update_after_the_signature_is_seen(signed):
    def metadata(writer: IncrementalPdfFileWriter) -> None:
        info = writer.trailer["/Info"].get_object()
        info[generic.NameObject("/Title")] = generic.TextStringObject("Diubah")
        writer.update_container(info)

    def page_content(writer: IncrementalPdfFileWriter) -> None:
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        stream = generic.StreamObject(stream_data=b"BT /F1 12 Tf (palsu) Tj ET")
        page[generic.NameObject("/Contents")] = writer.add_object(stream)
        writer.update_container(page)

    retitled = append_update(signed, metadata)
    [signature] = pdfsign.signatures(retitled)
    assert signature.intact and signature.valid
    assert not signature.covers_whole_document
    assert pdfsign.describe(retitled).startswith("Electronically signed by")

    changed = append_update(signed, page_content)
    [signature] = pdfsign.signatures(changed)
    assert signature.intact
    assert not signature.covers_whole_document
    assert signature.modified and not signature.valid
    assert signature.reason == pdfsign.MODIFIED
    assert pdfsign.describe(changed) == pdfsign.CHANGED_AFTER.format(
        signer="Budi Santoso (Dinas Kesehatan Kota Contoh)")


def test_a_second_signature_leaves_the_first_valid(signed, issued, root_ca):
    twice = sign(signed, issued.signer(root_ca), field="Tanda2")
    first, second = pdfsign.signatures(twice)
    assert first.field == "Tanda1" and second.field == "Tanda2"
    assert first.intact and not first.covers_whole_document
    assert not first.modified and first.valid
    assert "Later revisions" in first.summary
    assert second.intact and second.covers_whole_document
    text = pdfsign.describe(twice)
    assert text.count("Electronically signed by") == 2
    assert "Budi Santoso" in text and "Siti Aminah" in text


def test_an_unsigned_pdf_is_a_wet_ink_signature():
    assert pdfsign.signatures(blank_pdf(2)) == []
    assert pdfsign.describe(blank_pdf()) == pdfsign.WET_INK


def test_a_valid_signature_is_described_with_signer_and_time(signed):
    text = pdfsign.describe(signed)
    assert text.startswith(
        "Electronically signed by Budi Santoso (Dinas Kesehatan Kota Contoh) on ")
    assert re.search(r" at \d\d:\d\d (WIB|WITA|WIT|UTC[+-]\d{4})$", text)


@pytest.mark.parametrize("content", [
    b"",
    b"garbage \x00\xff" * 100,
    b"%PDF-1.7\n" + b"\x00" * 500,
    b"%PDF-1.7\n1 0 obj << /FT /Sig /V << /ByteRange [0 10 20 30] /Contents <00>"
    b" >> >> endobj\ntrailer << /Root << /AcroForm << /Fields [1 0 R] >> >> >>\n"
    b"%%EOF",
])
def test_hostile_bytes_raise_nothing(content):
    found = pdfsign.signatures(content)
    assert all(not signature.intact for signature in found)
    assert isinstance(pdfsign.describe(content), str)


def with_signature_value(value) -> bytes:
    """A pypdf PDF whose signature field holds ``value`` as ``/V``."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    field = DictionaryObject({
        NameObject("/FT"): NameObject("/Sig"),
        NameObject("/T"): TextStringObject("Palsu"),
        NameObject("/V"): value,
    })
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
        NameObject("/Fields"): ArrayObject([writer._add_object(field)]),
    })
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_forged_signature_dictionary_is_not_intact():
    forged = DictionaryObject({
        NameObject("/Type"): NameObject("/Sig"),
        NameObject("/Filter"): NameObject("/Adobe.PPKLite"),
        NameObject("/SubFilter"): NameObject("/ETSI.CAdES.detached"),
        NameObject("/ByteRange"): ArrayObject(
            [NumberObject(n) for n in (0, 10, 20, 30)]),
        NameObject("/Contents"): ByteStringObject(b"\x30\x03\x02\x01"),
    })
    for value in (forged, NumberObject(7)):
        content = with_signature_value(value)
        [signature] = pdfsign.signatures(content)
        assert signature.field == "Palsu"
        assert not signature.intact and signature.reason == pdfsign.DAMAGED
        assert pdfsign.describe(content) == pdfsign.NOT_INTACT


def test_a_truncated_signed_pdf_raises_nothing(signed):
    for end in (len(signed) // 3, len(signed) - 200, len(signed) - 10):
        for signature in pdfsign.signatures(signed[:end]):
            assert not signature.trusted
        assert isinstance(pdfsign.describe(signed[:end]), str)


def test_the_time_is_shown_in_the_display_zone():
    moment = dt.datetime(2026, 3, 5, 7, 30, tzinfo=dt.timezone.utc)
    assert pdfsign.format_time(moment) == "March 5, 2026 at 14:30 WIB"


def test_indonesian_inside_a_request(app, signed):
    moment = dt.datetime(2026, 3, 5, 7, 30, tzinfo=dt.timezone.utc)
    with app.flask_app.test_request_context("/"):
        assert pdfsign.format_time(moment) == "5 Maret 2026 pukul 14.30 WIB"
        assert pdfsign.describe(blank_pdf()) == "Tanda tangan basah (pindaian)"
        text = pdfsign.describe(signed)
        assert text.startswith("Ditandatangani secara elektronik oleh Budi Santoso"
                               " (Dinas Kesehatan Kota Contoh) pada ")
        [signature] = pdfsign.signatures(signed)
        assert "sertifikat belum dikenali" in signature.summary


def test_works_inside_a_running_event_loop(signed):
    """Under an async server (or beside Playwright's sync API) pyHanko's
    ``asyncio.run`` would fail: the signature is still read."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    async def inside() -> list:
        return pdfsign.signatures(signed)

    # a thread of its own: this one may already run Playwright's loop
    with ThreadPoolExecutor(max_workers=1) as pool:
        [signature] = pool.submit(asyncio.run, inside()).result()
    assert signature.intact
