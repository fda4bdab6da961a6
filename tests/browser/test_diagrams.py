"""The diagrams and the timeline on a phone and a desktop: readable, inside their boxes.

At 360 px the boxes stand one below the other with text of at least 14 px and the page does not
scroll sideways; at 1280 px the boxes stand side by side. No text leaves its box at either width.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from etappen.models import CouncilConsultation, Paper, Stage
from gremien.models import Committee
from lip.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
PAGES = ["/", "/fortschritt/"]

# Every text node of a diagram box or timeline label must lie inside that box.
TEXT_OUTSIDE_ITS_BOX = """
() => {
  const problems = [];
  for (const box of document.querySelectorAll('.diagram-box, .timeline-label')) {
    const outer = box.getBoundingClientRect();
    if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) {
      problems.push('overflows: ' + box.textContent.trim().slice(0, 60));
    }
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(walker.currentNode);
      for (const rect of range.getClientRects()) {
        if (rect.width === 0) continue;
        if (rect.left < outer.left - 0.5 || rect.right > outer.right + 0.5 ||
            rect.top < outer.top - 0.5 || rect.bottom > outer.bottom + 0.5) {
          problems.push('outside: ' + walker.currentNode.textContent.trim().slice(0, 60));
        }
      }
    }
  }
  for (const svg of document.querySelectorAll('.lip-timeline svg')) {
    const outer = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const rect = text.getBoundingClientRect();
      if (rect.width && (rect.left < outer.left - 0.5 || rect.right > outer.right + 0.5)) {
        problems.push('axis label outside: ' + text.textContent);
      }
    }
  }
  return problems;
}
"""

# The smallest computed font size of any visible text in the diagrams and the timeline.
SMALLEST_FONT = """
() => {
  let smallest = Infinity;
  for (const root of document.querySelectorAll('.lip-diagram, .lip-timeline')) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim()) continue;
      const element = node.parentElement;
      if (!element.getClientRects().length) continue;  // not shown at this width
      const style = getComputedStyle(element);
      if (style.visibility === 'hidden' || element.closest('.visually-hidden')) continue;
      // SVG text shrinks with its drawing: what counts is the size on the screen.
      const scale = element instanceof SVGElement ? element.getScreenCTM().a : 1;
      smallest = Math.min(smallest, parseFloat(style.fontSize) * scale);
    }
  }
  return smallest;
}
"""

NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= window.innerWidth"


@pytest.fixture
def process_data(settings):
    """The demo process, and a council path with a long body name for stage 1."""
    for role in Role:  # a transactional test before this one flushed the migration's groups
        Group.objects.get_or_create(name=role.value)
    settings.DEBUG = True  # seed_demo refuses to run otherwise
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    settings.DEBUG = False
    committee = Committee.objects.create(
        name="Verwaltungsausschuss (Ausschuss für Haushalts-, Finanz- und Rechnungsprüfungsfragen)",
        slug="verwaltungsausschuss",
        kind=Committee.Kind.COMMITTEE,
        position=60,
    )
    paper = Paper.objects.create(
        number="0108/2021", title="LIP", kind="beschlussdrucksache", stage=Stage.objects.first()
    )
    CouncilConsultation.objects.create(
        paper=paper,
        committee=committee,
        position=1,
        role="beratend",
        meeting_date=datetime.date(2021, 2, 18),
        result="beschlossen",
    )


def _check_page(visitor, path: str) -> None:
    visitor.open(path)  # axe-core runs on every page the visitor opens
    page = visitor.page
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways"
    assert page.evaluate(TEXT_OUTSIDE_ITS_BOX) == [], path
    assert page.evaluate(SMALLEST_FONT) >= 14, path


def test_on_a_phone_the_diagrams_stack_with_readable_text(visitor, process_data):
    visitor.page.set_viewport_size(PHONE)

    for path in PAGES:
        _check_page(visitor, path)
        steps = visitor.page.locator(".process-steps").first.locator(":scope > li")
        first, second = steps.nth(0).bounding_box(), steps.nth(1).bounding_box()
        assert second["y"] >= first["y"] + first["height"]  # one below the other
        groups = visitor.page.locator(".diagram-group")
        assert groups.nth(1).bounding_box()["y"] > groups.nth(0).bounding_box()["y"]
        visitor.screenshot("schaubilder-360" + path.replace("/", "-").rstrip("-"))

    assert visitor.page.locator(".timeline-bars").first.is_hidden()  # the vertical list instead
    assert visitor.page.locator(".timeline-label").first.is_visible()


def test_on_a_desktop_the_boxes_stand_side_by_side(visitor, process_data):
    visitor.page.set_viewport_size(DESKTOP)

    for path in PAGES:
        _check_page(visitor, path)
        steps = visitor.page.locator(".process-steps").first.locator(":scope > li")
        assert steps.nth(0).bounding_box()["y"] == steps.nth(1).bounding_box()["y"]
        groups = visitor.page.locator(".diagram-group")
        assert groups.nth(0).bounding_box()["y"] == groups.nth(1).bounding_box()["y"]
        visitor.screenshot("schaubilder-1280" + path.replace("/", "-").rstrip("-"))

    assert visitor.page.locator(".timeline-bars").first.is_visible()
