import factory

from learning_centers.models import Province, Ward


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "01"
    name = "Hà Nội"
    name_with_type = "Thành phố Hà Nội"


class WardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ward
        django_get_or_create = ("code",)

    province = factory.SubFactory(ProvinceFactory)
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    name_with_type = factory.LazyAttribute(lambda o: o.name)
    kind = Ward.Kind.WARD
    slug = factory.Sequence(lambda n: f"phuong-thu-nghiem-{n}")
