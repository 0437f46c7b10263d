from types import SimpleNamespace

import pytest

from tests.factories.centres import (
    make_center,
    make_course,
    make_document,
    make_image,
    make_manager,
    make_material,
    make_moderator,
)


@pytest.fixture
def two_centres(db):
    """Centres A and B (both untrusted), each with a course, a material, a document and an
    image, a manager for each and a city moderator."""
    a = make_center(title="Trung tâm A")
    b = make_center(title="Trung tâm B")
    return SimpleNamespace(
        a=a,
        b=b,
        course_a=make_course(a, title="Khóa A"),
        course_b=make_course(b, title="Khóa B"),
        material_a=make_material(a, title="Học liệu A"),
        material_b=make_material(b, title="Học liệu B"),
        doc_a=make_document(a, title="Tài liệu A"),
        doc_b=make_document(b, title="Tài liệu B"),
        image_a=make_image(a, title="Ảnh A"),
        image_b=make_image(b, title="Ảnh B"),
        manager_a=make_manager(a),
        manager_b=make_manager(b),
        moderator=make_moderator(),
    )
