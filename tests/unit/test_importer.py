import datetime as dt

import pytest

from digest.errors import ArticleImportError
from digest.importer.language import detect_language
from digest.importer.suggest import suggest_topics
from digest.importer.text import parse_text
from digest.model import Image, Related, Source, Topic
from tests.golden.regenerate import CASES, cases, expected_path, render


@pytest.mark.parametrize("case", cases(), ids=lambda path: path.stem)
def test_golden(case):
    assert render(case) == expected_path(case).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    from digest.topics import parse_topics

    topics = parse_topics((CASES / "topics.yaml").read_text(encoding="utf-8"))
    return parse_text((CASES / "idn-times-seed.txt").read_text(encoding="utf-8"), topics=topics)


def test_seed_front_matter(seed):
    assert seed.title == "Belarus-Rusia Bentuk Pasukan Gabungan untuk Lawan Agresor"
    assert seed.subtitle == "Hubungan militer Belarus-Rusia semakin erat"
    assert seed.date == dt.date(2022, 12, 3)
    assert seed.authors == ("Brahm",)
    assert seed.source == Source(name="IDN Times")
    assert seed.location == "Jakarta"
    assert seed.lang == "id"
    assert seed.topics == ("belarus-russia-military",)
    assert seed.related == (
        Related(title="Ukraina Mulai Bangun Tembok di Perbatasan Belarus"),
        Related(title="Ukraina ke Belarus: Jika Kalian Terlibat Perang, Pasti Kami Balas!"),
    )
    assert seed.images == (Image(caption="Tank milik militer Belarus.", credit="nstagram.com/army__by"),)
    # On IDN Times the name under "Topik:" is the editor's card, not a tag.
    assert seed.editor == "Vanny El Rahman" and seed.source_tags == ()
    assert seed.cites == ("Euronews", "Belta")
    assert seed.summary.startswith("Presiden Belarus Aleksandar Lukashenko, pada Sabtu (3/12/2022)")


def test_seed_body(seed):
    headings = [line for line in seed.body.splitlines() if line.startswith("#")]
    assert headings == [
        "## Lukashenko sebut Ukraina tidak inginkan negosiasi perdamaian",
        "## Setujui amandemen keamanan gabungan Belarus-Rusia",
        "## Lukashenko sebut tentara Belarus-Rusia adakan latihan gabungan",
    ]
    assert seed.body.startswith("Presiden Belarus")  # the dateline went into location and source
    for furniture in ("Baca Juga", "Verified Writer", "IDN Times Community", "Topik:", "Berita Terkini Lainnya",
                      "nstagram.com", "Vanny El Rahman"):
        assert furniture not in seed.body


def test_numbered_line_inside_text_is_not_a_heading():
    text = "Judul\n\nJakarta, IDN Times - Pada Sabtu (3/12/2022) ada rapat.\n\n2. Ini bukan subjudul pertama\n"
    article = parse_text(text)
    assert "## " not in article.body
    assert "2\\. Ini bukan subjudul pertama" in article.body  # stays a paragraph, not a list


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "empty"), ("   \n\n", "empty"), ("Only a title\n", "no article text")],
)
def test_unusable_text_raises_a_digest_error(text, message):
    with pytest.raises(ArticleImportError, match=message):
        parse_text(text)


def test_text_without_a_date_is_an_undated_draft():
    article = parse_text("Title\n\nA body without any date at all.\n")
    assert (article.title, article.date, article.status) == ("Title", None, "draft")


def test_language_detection():
    assert detect_language("Presiden mengatakan bahwa mereka akan datang ke Minsk pada hari yang sama.") == "id"
    assert detect_language("The president said that they would come to Minsk on the same day.") == "en"
    assert detect_language("12345") == ""


def test_topic_suggestion_needs_two_keywords_and_prefers_the_narrower_topic():
    topics = [
        Topic("war", "War", keywords=("Ukraine", "Kyiv")),
        Topic("alliance", "Alliance", parent="war", keywords=("Belarus", "Minsk")),
        Topic("weather", "Weather", keywords=("rain", "storm")),
    ]
    assert suggest_topics("Ukraine and Belarus met in Minsk; Kyiv answered.", topics) == ("alliance",)
    assert suggest_topics("Ukraine and Kyiv", topics) == ("war",)
    assert suggest_topics("Only rain today", topics) == ()
    assert suggest_topics("Belarusian officials in Minsk", topics) == ()  # whole words only
