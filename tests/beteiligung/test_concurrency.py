"""The last free place, taken by two people at the same moment, goes to exactly one."""

import threading

import pytest
from django.db import connection

from beteiligung.models import Registration
from beteiligung.services import confirm_registration, register_for_event

from .factories import EventFactory, RegistrationFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_last_free_place_goes_to_exactly_one():
    event = EventFactory(capacity=3)
    RegistrationFactory.create_batch(2, event=event)  # two of three places taken
    contenders = [
        register_for_event(
            event=event,
            name=f"Person {n}",
            email=f"p{n}@example.org",
            consent=True,
            site_url="http://testserver",
        )
        for n in range(2)
    ]
    barrier = threading.Barrier(len(contenders))
    errors = []

    def confirm(registration):
        try:
            barrier.wait(timeout=10)
            confirm_registration(registration=registration, site_url="http://testserver")
        except Exception as error:  # any failure in a thread is reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(
        Registration.objects.filter(pk__in=[r.pk for r in contenders]).values_list(
            "status", flat=True
        )
    )
    assert statuses == ["angemeldet", "warteliste"]
    assert event.registrations.filter(status="angemeldet").count() == 3
