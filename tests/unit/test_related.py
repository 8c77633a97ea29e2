import datetime as dt

from digest.model import Article, Related
from digest.related import RelatedSettings, count_words, editor_choices, rank_related, words_of

ARTICLES = [
    Article(title="Putin plans tactical nuclear weapons in Belarus", date=dt.date(2023, 3, 25),
            topics=("belarus-russia-military",),
            body="Russia will station tactical nuclear weapons in Belarus; a storage site for the warheads is being built."),
    Article(title="Shoigu and Khrenin sign nuclear storage documents", date=dt.date(2023, 5, 25),
            topics=("belarus-russia-military",),
            body="The documents set out how Russian nuclear warheads are kept at a storage site in Belarus."),
    Article(title="Wagner fighters train Belarusian troops", date=dt.date(2023, 7, 20),
            topics=("belarus-russia-military",), body="Wagner instructors drilled territorial defence troops near Asipovichy."),
    Article(title="KPU declares the presidential election result", date=dt.date(2024, 3, 20),
            topics=("indonesia-election-2024",), body="The election commission counted the presidential vote."),
    Article(title="Court upholds the presidential election result", date=dt.date(2024, 4, 22),
            topics=("indonesia-election-2024",), body="The court rejected appeals against the presidential vote count."),
    Article(title="COP28 agrees to transition away from fossil fuels", date=dt.date(2023, 12, 13),
            topics=("climate-talks",), body="Delegates in Dubai agreed on a transition away from fossil fuels.",
            related=(Related(title="Putin plans tactical nuclear weapons in Belarus"), Related(title="Not on this site"))),
    Article(title="Belarus storage site for warheads ready", date=dt.date(2023, 6, 16),
            topics=("belarus-russia-military",),
            body="Putin said the first nuclear warheads had reached the storage site in Belarus."),
]
URLS = [f"/articles/{a.date.year}/a{index}/" for index, a in enumerate(ARTICLES)]


def titles(indexes):
    return [ARTICLES[index].title for index in indexes]


def test_the_closest_stories_come_first():
    ranked = rank_related(ARTICLES, URLS)
    assert titles(ranked[0][:2]) == ["Belarus storage site for warheads ready", "Shoigu and Khrenin sign nuclear storage documents"]
    assert titles(ranked[3]) == ["Court upholds the presidential election result"]
    assert "KPU declares the presidential election result" not in titles(ranked[0])


def test_unrelated_stories_stay_below_the_threshold():
    ranked = rank_related(ARTICLES, URLS)
    election = {3, 4}
    assert not election & set(ranked[0]) and not election & set(ranked[2])


def test_editor_choices_come_first_and_resolve_by_title_or_address():
    ranked = rank_related(ARTICLES, URLS)
    assert ranked[5][0] == 0  # the COP28 entry's editor pointed at the nuclear story by title
    with_url = [Article(title="x", date=dt.date(2023, 1, 1), related=(Related(title="t", url="https://digest.example.org/articles/2024/a4/index.html"),))]
    assert editor_choices(with_url + ARTICLES, ["/x/"] + URLS) == [[5]] + [[] for _ in ARTICLES[:5]] + [[1]] + [[]]


def test_limit_and_no_self_links():
    ranked = rank_related(ARTICLES, URLS, RelatedSettings(limit=2))
    for index, related in enumerate(ranked):
        assert index not in related and len(related) <= 2 and len(set(related)) == len(related)


def test_the_same_input_gives_the_same_answer():
    assert rank_related(ARTICLES, URLS) == rank_related(list(ARTICLES), list(URLS))


def test_words_kept_counted_rank_as_the_articles_themselves():
    # The build keeps each article's words counted (count_words) in its content cache.
    counted = [count_words(words_of(article.title, article.summary or "", article.body)) for article in ARTICLES]
    assert rank_related(ARTICLES, URLS, words=counted) == rank_related(ARTICLES, URLS)
    assert count_words(["nuclear", "site", "nuclear"]) == ("nuclear site", "2 1")
    assert count_words([]) == ("", "")


def test_the_telling_words_are_those_with_the_highest_tf_idf():
    # The first article's one telling word is "warheads" (twice, in two articles), not "storage"
    # (once, in one article: the higher idf, the lower tf-idf), so it is related to the second only.
    items = [Article(title="", date=dt.date(2023, 1, 1), topics=(), body="warheads warheads storage belarus"),
             Article(title="", date=dt.date(2023, 1, 2), topics=(), body="warheads"),
             Article(title="", date=dt.date(2023, 1, 3), topics=(), body="belarus")]
    one_word = RelatedSettings(words_per_article=1, threshold=0.0)
    assert rank_related(items, ["/a/", "/b/", "/c/"], one_word) == [[1], [0], []]
