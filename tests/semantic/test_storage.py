"""Embeddings: computed by the worker's task when a text is saved, only when it changed,
stored in Postgres; the index files built from them; the model or an index missing turns
semantic search off, logged once per process."""

import logging
import os
import subprocess
import sys
import uuid

import numpy as np
import pytest

from core import semantic, tasks
from core.models import Embedding
from core.tasks import embed_object
from partners.models import Organization
from tests.opportunities.factories import OpportunityFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _hash(kind, object_id):
    return Embedding.objects.get(kind=kind, object_id=object_id).text_hash


def test_saving_an_organization_embeds_it_on_commit_and_builds_the_index(
    settings, django_capture_on_commit_callbacks
):
    settings.SEMANTIC_EMBED_ON_SAVE = True
    with django_capture_on_commit_callbacks(execute=True):
        organization = OrganizationFactory(capabilities="内毒素检测 and sterility testing")
    row = Embedding.objects.get(kind="organization", object_id=organization.pk)
    assert len(bytes(row.vector)) == semantic.DIMENSIONS
    assert row.text_hash == semantic.text_hash(
        semantic.joined_text(organization.name, "", organization.capabilities, "")
    )
    assert semantic.index_exists("organization")


def test_the_task_is_idempotent_and_recomputes_only_a_changed_text():
    organization = OrganizationFactory(description="Antibody discovery for oncology.")
    assert embed_object(kind="organization", object_id=organization.pk) == 1
    first = _hash("organization", organization.pk)
    assert embed_object(kind="organization", object_id=organization.pk) == 0
    Organization.objects.filter(pk=organization.pk).update(city="Lyon")  # not embedded
    assert embed_object(kind="organization", object_id=organization.pk) == 0
    Organization.objects.filter(pk=organization.pk).update(needs="Clinical partners in Japan")
    assert embed_object(kind="organization", object_id=organization.pk) == 1
    assert _hash("organization", organization.pk) != first


def test_a_deleted_listing_loses_its_embedding():
    opportunity = OpportunityFactory(title="GMP fill-finish capacity")
    embed_object(kind="opportunity", object_id=opportunity.pk)
    opportunity.delete()
    assert not Embedding.objects.filter(kind="opportunity", object_id=opportunity.pk).exists()
    assert embed_object(kind="opportunity", object_id=opportunity.pk) == 0


def test_an_english_query_finds_the_chinese_profile_first():
    chinese = OrganizationFactory(name="泰州生物检测", capabilities="内毒素检测和无菌检测服务")
    german = OrganizationFactory(name="Bergstraße Optik", capabilities="Brillengläser und Linsen")
    french = OrganizationFactory(name="Vaccins Lyon", capabilities="Vaccins vétérinaires")
    semantic.embed("organization")
    semantic.build_index("organization")
    hits = semantic.nearest("organization", semantic.query_vector("endotoxin testing"), limit=3)
    assert hits[0].object_id == chinese.pk
    assert {hit.object_id for hit in hits} == {chinese.pk, german.pk, french.pk}


def test_rows_saved_after_the_index_was_built_are_found_from_postgres():
    OrganizationFactory(capabilities="Orthopaedic implants")
    semantic.embed("organization")
    semantic.build_index("organization")
    late = OrganizationFactory(name="ソウル", capabilities="エンドトキシン試験の受託")
    semantic.embed("organization", [late.pk])
    hits = semantic.nearest("organization", semantic.query_vector("endotoxin test"), limit=1)
    assert hits[0].object_id == late.pk


def test_the_stored_vector_is_the_quantised_model_vector():
    organization = OrganizationFactory(capabilities="Peptide synthesis")
    semantic.embed("organization", [organization.pk])
    stored = semantic.stored_vector("organization", organization.pk)
    computed = semantic.encode([semantic.joined_text(organization.name, "", "Peptide synthesis")])
    assert float(np.dot(stored, computed[0])) > 0.999


def test_a_model_that_does_not_import_turns_semantic_off_logged_once(settings, caplog):
    settings.SEMANTIC_MODEL_MODULE = f"wlscc_missing_model_{uuid.uuid4().hex}"
    organization = OrganizationFactory(capabilities="Cell therapy manufacturing")
    with caplog.at_level(logging.WARNING, logger="core.semantic"):
        assert semantic.query_vector("cell therapy") is None
        assert semantic.query_vector("cell therapy") is None
        assert embed_object(kind="organization", object_id=organization.pk) == 0
    assert len([r for r in caplog.records if "could not be loaded" in r.getMessage()]) == 1
    assert not Embedding.objects.exists()


def test_a_missing_index_file_turns_semantic_off_logged_once(caplog):
    vector = semantic.encode(["biobank"])[0]
    with caplog.at_level(logging.WARNING, logger="core.semantic"):
        assert semantic.nearest("organization", vector, limit=5) is None
        assert semantic.nearest("organization", vector, limit=5) is None
    assert len([r for r in caplog.records if "no usable index" in r.getMessage()]) == 1


def test_a_replaced_index_file_is_reopened(settings):
    first = OrganizationFactory(capabilities="Wound dressings")
    semantic.embed("organization")
    semantic.build_index("organization")
    vector = semantic.query_vector("wound care")
    assert [hit.object_id for hit in semantic.nearest("organization", vector, limit=5)] == [
        first.pk
    ]
    second = OrganizationFactory(capabilities="Advanced wound care dressings")
    semantic.embed("organization")
    semantic.build_index("organization")
    Embedding.objects.update(updated_at=semantic.timezone.now() - semantic.DELTA_MARGIN * 2)
    ids = {hit.object_id for hit in semantic.nearest("organization", vector, limit=5)}
    assert ids == {first.pk, second.pk}


def test_a_repeated_query_is_embedded_once_whatever_its_spacing(monkeypatch):
    calls = []
    encode = semantic.encode
    monkeypatch.setattr(semantic, "encode", lambda texts: calls.append(texts) or encode(texts))
    first = semantic.query_vector("  stem  cell\ttherapy ")
    again = semantic.query_vector("stem cell therapy")
    assert calls == [["stem cell therapy"]]
    assert np.array_equal(first, again)
    assert np.allclose(first, encode(["  stem  cell\ttherapy "])[0], atol=1e-6)


def test_a_cached_query_vector_belongs_to_its_model(settings):
    semantic.query_vector("cell therapy")
    settings.SEMANTIC_MODEL_MODULE = f"wlscc_missing_model_{uuid.uuid4().hex}"
    assert semantic.query_vector("cell therapy") is None


def test_rows_saved_just_before_a_build_leave_it_unsettled_until_the_next(monkeypatch):
    monkeypatch.setattr(semantic, "SETTLED_DELTA_ROWS", 0)
    organization = OrganizationFactory(capabilities="Biobanking")
    semantic.embed("organization")
    semantic.build_index("organization")
    # saved within the margin: maybe committed after the build read, so read as delta
    assert not semantic.index_settled("organization")
    Embedding.objects.update(updated_at=semantic.timezone.now() - semantic.DELTA_MARGIN * 2)
    semantic.build_index("organization")
    assert semantic.index_settled("organization")
    hits = semantic.nearest("organization", semantic.query_vector("biobank"), limit=1)
    assert [hit.object_id for hit in hits] == [organization.pk]


def test_an_unsettled_build_queues_one_more_after_the_margin(monkeypatch):
    queued = []
    monkeypatch.setattr(semantic, "SETTLED_DELTA_ROWS", 0)
    # A worker honours the countdown (eager tasks, as in the demo, do not: no settle step there)
    monkeypatch.setitem(tasks.current_app.conf, "task_always_eager", False)
    monkeypatch.setattr(
        tasks.rebuild_index, "apply_async", lambda args, countdown: queued.append(countdown)
    )
    OrganizationFactory(capabilities="Biobanking")
    embed_object(kind="organization", object_id=Organization.objects.get().pk)
    assert queued == [semantic.DELTA_MARGIN.total_seconds() + 5]
    tasks.settle_index("organization")  # already queued: once
    assert len(queued) == 1


def test_a_deferred_bulk_write_builds_each_index_once_at_the_end(monkeypatch):
    # As seed_demo does with eager tasks: one build for the kind without an index (its first
    # embedding), none for the later ones, found meanwhile as delta; one build at the end.
    builds = []
    build_index = semantic.build_index
    monkeypatch.setattr(
        semantic, "build_index", lambda kind: builds.append(kind) or build_index(kind)
    )
    rebuilds = []
    monkeypatch.setattr(tasks, "schedule_rebuild", lambda kind, **_k: rebuilds.append(kind))
    first = OrganizationFactory(capabilities="Antibody discovery")
    later = OrganizationFactory(capabilities="Biobanking of tumour samples")
    with tasks.rebuilds_deferred():
        embed_object(kind="organization", object_id=first.pk)
        embed_object(kind="organization", object_id=later.pk)
        assert builds == ["organization"]
        hits = semantic.nearest("organization", semantic.query_vector("biobank"), limit=1)
        assert [hit.object_id for hit in hits] == [later.pk]
    assert builds == ["organization", "organization"]
    assert rebuilds == []
    # Outside it, a changed text schedules its rebuild as before.
    Organization.objects.filter(pk=later.pk).update(needs="Clinical partners in Japan")
    embed_object(kind="organization", object_id=later.pk)
    assert rebuilds == ["organization"]


def test_the_process_runs_one_blas_thread():
    # OpenBLAS reads OPENBLAS_NUM_THREADS once, when numpy loads it: the project package sets
    # it first. Checked in a fresh process through numpy's own OpenBLAS.
    probe = (
        "import ctypes, pathlib, wlscc, numpy\n"
        "libs = pathlib.Path(numpy.__file__).parent.parent / 'numpy.libs'\n"
        "blas = ctypes.CDLL(str(next(libs.glob('libscipy_openblas*'))))\n"
        "print(blas.scipy_openblas_get_num_threads64_())\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    output = subprocess.run(  # noqa: S603  (our own interpreter)
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "1"


def test_a_few_rows_saved_just_before_a_build_are_left_as_delta(monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.rebuild_index, "apply_async", lambda *a, **k: queued.append(k))
    organization = OrganizationFactory(capabilities="Biobanking")
    embed_object(kind="organization", object_id=organization.pk)
    assert semantic.index_settled("organization")
    assert queued == []
