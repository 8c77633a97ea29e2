"""The commonest function words of the digest's languages.

Used to tell the languages apart on import and to leave words that say
nothing about a story out of the related-article ranking.
"""

STOP_WORDS = {
    "id": frozenset(
        "yang dan di ke dari ini itu dengan untuk tidak dalam pada akan juga adalah karena sudah "
        "telah oleh bahwa mereka kami kita saya atau tersebut bisa dapat lebih antara kedua sejak "
        "namun tetapi saat ada".split()
    ),
    "en": frozenset(
        "the and of to in is was that for on with as by at from it its are were has have had "
        "this be which an but not after they their said".split()
    ),
}
