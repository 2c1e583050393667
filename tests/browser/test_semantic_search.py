"""Cross-language search in the browser, on PostgreSQL with a real Celery worker: listings
saved by the factories are embedded by the worker (queued on commit through Redis), which
writes the index files; an English query then finds a Chinese-only profile and a
Chinese-only opportunity under "Similar in other languages", and a Chinese query an English
profile."""

import uuid

import pytest
from celery.contrib.testing.worker import start_worker
from playwright.sync_api import expect

from core import semantic
from core.models import Embedding
from tests.clusters.factories import ClusterFactory
from tests.opportunities.factories import PublishedOpportunityFactory
from tests.partners.factories import OrganizationFactory
from tests.worker import WORKER_REDIS_URL, celery_app_context, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHINESE_LAB = "泰州华检生物技术有限公司"
ENGLISH_LAB = "Boston Endotoxin Testing Lab"
CHINESE_OFFER = "鲎试剂出口合作"


@pytest.fixture(scope="module", autouse=True)
def _restore_migrated_data(django_db_setup, django_db_blocker):
    """Transactional tests end with a flush, which also empties what migrations loaded (the
    taxonomy, the beat schedules). Put it back once this module is done."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if contents:
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def embedded_listings(transactional_db, settings):
    """Listings saved as usual; the worker embeds them and builds the index files."""
    settings.SEMANTIC_EMBED_ON_SAVE = True
    queue = f"wlscc-test-{uuid.uuid4().hex}"
    with (
        celery_app_context(WORKER_REDIS_URL, queue) as app,
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=60),
    ):
        cluster = ClusterFactory(name="China Medical City", slug="cmc", country="CN")
        chinese = OrganizationFactory(
            cluster=cluster,
            name=CHINESE_LAB,
            language="zh",
            description="专业第三方检测实验室，为制药和医疗器械企业服务。",
            capabilities="细菌内毒素检测、无菌检查、微生物限度检查。",
        )
        english = OrganizationFactory(
            cluster=ClusterFactory(name="Boston", slug="boston", country="US"),
            name=ENGLISH_LAB,
            language="en",
            description="Contract laboratory for bacterial endotoxin and sterility testing.",
        )
        offer = PublishedOpportunityFactory(
            organization=chinese,
            language="zh",
            title=CHINESE_OFFER,
            summary="我公司生产鲎试剂（LAL），用于细菌内毒素检测，寻找海外经销商。",
        )
        done = wait_for(
            lambda: (
                Embedding.objects.filter(
                    object_id__in=[chinese.pk, english.pk], kind="organization"
                ).count()
                == 2
                and Embedding.objects.filter(kind="opportunity", object_id=offer.pk).exists()
                and semantic.index_exists("organization")
                and semantic.index_exists("opportunity")
            ),
            timeout=120,
        )
        assert done, "the worker did not embed the listings"
        yield
        with app.connection_for_write() as connection:
            connection.default_channel.queue_purge(queue)


def test_an_english_query_finds_the_chinese_profile_and_opportunity(
    page, checks, embedded_listings
):
    checks.open("/organizations/?q=endotoxin+testing")
    section = page.locator("#semantic-section")
    expect(section.get_by_role("heading", name="Similar in other languages")).to_be_visible()
    expect(section.get_by_role("link", name=CHINESE_LAB)).to_be_visible()
    expect(section.get_by_text("Written in Chinese").first).to_be_attached()
    expect(page.locator("#result-count")).to_contain_text("1 organization")
    checks.check_page("directory-semantic")

    checks.open("/opportunities/?q=endotoxin+testing")
    section = page.locator("#semantic-section")
    expect(section.get_by_role("link", name=CHINESE_OFFER)).to_be_visible()
    checks.check_page("marketplace-semantic")


def test_a_chinese_query_finds_the_english_profile(page, checks, embedded_listings):
    checks.open("/organizations/?q=内毒素检测")
    expect(page.locator("#result-count")).to_contain_text("1 organization")
    section = page.locator("#semantic-section")
    expect(section.get_by_role("link", name=ENGLISH_LAB)).to_be_visible()
