"""The crawl's share for geschaeftsstelle: every page the role reaches that shows it
more than the public sees, at 360×800 and 1280×900 (crawler.check_role).
See docs/barrierefreiheit-technik.md.

A module of its own, so that pytest-xdist (--dist loadfile) runs it on a worker of its own.
"""

import pytest

from tests.browser.crawl.crawler import check_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.mark.parametrize("username", ["geschaeftsstelle"])
def test_every_page_of_the_role_fits_is_accessible_and_keyboard_usable(
    browser, demo_site, username
):
    problems = check_role(browser, demo_site, username)

    assert not problems, "\n".join(problems)
