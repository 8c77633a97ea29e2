"""What a reader sees in Chromium."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("width", [390, 1280])
def test_timeline_page_as_a_reader_sees_it(page_at, served_timelines, width):
    page = page_at(width)
    page.goto(f"{served_timelines}/topics/alliance/")
    assert page.locator("h1").inner_text() == "The alliance"
    assert page.locator(".timeline-year > h2").all_inner_texts() == ["2020", "2021", "2022"]
    february = page.locator(".timeline-month", has=page.locator("h3", has_text="February 2022"))
    assert february.locator(".timeline__title").all_inner_texts() == [
        "Troops stay after the drills", "Joint exercise begins", "Alpha statement", "Beta statement",
    ]
    for title in page.locator(".timeline__title").all():
        assert title.is_visible()
    # Nothing sticks out sideways on a phone or a desktop.
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_year_jump_and_entry_link_lead_where_they_say(page_at, served_timelines):
    page = page_at()
    page.goto(f"{served_timelines}/topics/alliance/")
    page.get_by_role("navigation", name="Years").get_by_role("link", name="2022").click()
    assert page.url.endswith("#y2022")
    assert page.locator("#y2022").is_visible()
    page.get_by_role("link", name="Joint exercise begins").click()
    page.wait_for_url("**/articles/2022/exercise-begins/")
    assert page.locator("h1").inner_text() == "Joint exercise begins"
    page.get_by_role("link", name="The alliance").first.click()
    page.wait_for_url("**/topics/alliance/")


def test_article_page_marks_language_and_current_section(page_at, served_timelines):
    page = page_at(390)
    page.goto(f"{served_timelines}/articles/2022/troops-stay/")
    assert page.locator("article.article").get_attribute("lang") == "id"
    assert page.get_by_role("link", name="A story without a link").count() == 0
    page.goto(f"{served_timelines}/topics/")
    assert page.locator("nav[aria-label=Site] a[aria-current=page]").inner_text() == "Topics"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
