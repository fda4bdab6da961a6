"""Under real concurrency (PostgreSQL row locks): one submission, one save per revision."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from etappen.models import Draft, DraftSection, DraftVersion
from etappen.services import SectionData, submit_draft, update_section
from lip.models import ProcessEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 6


def run_at_once(work) -> list[str]:
    """Start THREADS workers behind a barrier; each reports "ok" or the refusal's code."""
    barrier = threading.Barrier(THREADS)
    results: list[str] = []

    def worker(index):
        try:
            barrier.wait()
            work(index)
            results.append("ok")
        except ValidationError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_submitting_the_same_draft_at_once_makes_exactly_one_version(draft, member):
    def submit(_index):
        submit_draft(draft=Draft.objects.get(pk=draft.pk), by=member)

    results = run_at_once(submit)

    assert sorted(results) == ["invalid_transition"] * (THREADS - 1) + ["ok"]
    assert DraftVersion.objects.filter(draft=draft).count() == 1
    assert DraftVersion.objects.get(draft=draft).sections.count() == 2
    assert ProcessEvent.objects.filter(kind="draft_submitted").count() == 1


def test_saving_the_same_section_at_once_keeps_exactly_one_save(draft, member):
    section = draft.sections.get(heading="Leitbild")
    base = section.revision

    def save(index):
        update_section(
            section=DraftSection.objects.get(pk=section.pk),
            base_revision=base,
            data=SectionData(heading="Leitbild", text=f"Fassung {index}"),
            by=member,
        )

    results = run_at_once(save)

    assert sorted(results) == ["conflict"] * (THREADS - 1) + ["ok"]
    section.refresh_from_db()
    assert section.revision == base + 1
    assert section.text.startswith("Fassung ")
