"""Declarations and evidence files for tests: real PNG/PDF bytes made in code."""

import datetime
import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from citizen_profiles.demo_declarations import sample_pdf, sample_png
from citizen_profiles.models import Declaration
from search.text import fold
from tests.factories.people import ResidentFactory


def png_file(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_png(), content_type="image/png")


def pdf_file(name: str = "giay.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_pdf(), content_type="application/pdf")


def image_file(fmt: str, name: str) -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A waiting declaration written directly (tests of the services use the services)."""

    class Meta:
        model = Declaration

    citizen = factory.SubFactory(ResidentFactory)
    kind = Declaration.Kind.LIBRARY
    title = factory.Sequence(lambda n: f"Đọc sách tại thư viện {n}")
    normalized_title = factory.LazyAttribute(lambda o: fold(o.title))
    date = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    hours = Decimal("2.0")
