import re

import pytest
from django.core import mail
from django.core.cache import cache

from lip.roles import Role
from tests.conftest import user_with_role
from tests.etappen.factories import member_of

from .factories import CommentWindowFactory, ExpertGroupFactory, VersionSectionFactory

LINK = re.compile(r"https?://testserver(/\S+)")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and rendered versions live in the cache; start every test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office(db):
    return user_with_role(Role.OFFICE, is_staff=True, username="oe506")


@pytest.fixture
def group(db):
    return ExpertGroupFactory(name="Bildung", slug="bildung", topic_field="Bildung")


@pytest.fixture
def member(group):
    """A current member of the expert group 'Bildung'."""
    return member_of(group, username="bildungsmitglied")


@pytest.fixture
def window(group):
    """An open, pre-moderated comment window on a published version of Bildung's draft."""
    window = CommentWindowFactory(version__draft__committee=group)
    for position, heading in enumerate(["Leitbild", "Begriffe", "Sprache"], start=1):
        VersionSectionFactory(version=window.version, position=position, heading=heading)
    return window


@pytest.fixture
def version(window):
    return window.version


def links_in(message) -> list[str]:
    """The paths of the links in a mail to this site."""
    return LINK.findall(message.body)


def last_mail_to(address: str):
    sent = [message for message in mail.outbox if address in message.to]
    assert sent, f"no mail to {address}"
    return sent[-1]
