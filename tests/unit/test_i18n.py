import datetime as dt
import re

from digest.i18n import CATALOGUE, Catalogue, event_date, long_date, month_label
from digest.model import EventDate
from tests.conftest import REPO

TEMPLATES = REPO / "themes" / "digest" / "templates"


def template_strings() -> set[str]:
    strings = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        strings.update(re.findall(r"""\b_\(\s*'([^']+)'""", text))
        for singular, plural in re.findall(r"""ngettext\(\s*'([^']+)',\s*'([^']+)'""", text):
            strings.update((singular, plural))
    return strings


def test_every_template_string_has_its_indonesian():
    strings = template_strings()
    assert len(strings) > 40
    assert sorted(strings - set(CATALOGUE)) == []


def test_catalogue_has_no_strings_the_templates_no_longer_use():
    used_in_python = {"month not known"}  # digest/i18n.py
    assert sorted(set(CATALOGUE) - template_strings() - used_in_python) == []


def test_dates_in_both_languages():
    assert event_date(EventDate(2022, 12, 3), "id") == "3 Desember 2022"
    assert event_date(EventDate(2022, 5), "id") == "Mei 2022"
    assert event_date(EventDate(2022), "id") == "2022"
    assert long_date(dt.date(2022, 8, 17), "en") == "17 August 2022"
    assert month_label(2022, 0, "id") == "2022, bulan tidak diketahui"
    assert month_label(2022, 2, "en") == "February 2022"


def test_catalogue_falls_back_to_english():
    assert Catalogue("id").gettext("Latest") == "Terbaru"
    assert Catalogue("en").gettext("Latest") == "Latest"
    assert Catalogue("id").gettext("not translated") == "not translated"
    assert Catalogue("id").ngettext("%(num)d entry", "%(num)d entries", 2) == "%(num)d entri"
