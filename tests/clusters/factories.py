import factory
from factory.django import DjangoModelFactory

from clusters.models import Cluster, ClusterStaff, TechnologyArea


class TechnologyAreaFactory(DjangoModelFactory):
    class Meta:
        model = TechnologyArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


class ClusterFactory(DjangoModelFactory):
    class Meta:
        model = Cluster

    name = factory.Sequence(lambda n: f"Cluster {n}")
    slug = factory.Sequence(lambda n: f"cluster-{n}")
    country = "FR"
    city = "Lyon"


class ClusterStaffFactory(DjangoModelFactory):
    class Meta:
        model = ClusterStaff

    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    cluster = factory.SubFactory(ClusterFactory)
