import factory
from factory.django import DjangoModelFactory

from partners.models import Contact, Membership, MembershipRole, Organization, OrganizationKind
from tests.clusters.factories import ClusterFactory


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    kind = OrganizationKind.COMPANY
    cluster = factory.SubFactory(ClusterFactory)
    country = factory.SelfAttribute("cluster.country")
    is_verified = True

    @factory.post_generation
    def technology_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.technology_areas.set(extracted)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.accounts.factories.UserFactory")
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.MEMBER
