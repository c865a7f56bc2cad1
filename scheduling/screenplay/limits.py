"""How big a screenplay file may be: generous for any real script, small enough that hostile input stays fast.

Reading costs time per line and per paragraph (and, in Fountain, per emphasis marker), so each format is bounded
where its cost grows; each limit is checked before the work it bounds. A 120-page feature film is about
150 KB and 6,000 lines as Fountain, and 3,000 paragraphs; as Final Draft XML it is 0.3 to 1 MB.
"""

from .errors import ScreenplayError

MAX_SCRIPT_BYTES = 5 * 1024 * 1024  # any file, before it is looked at
MAX_FOUNTAIN_BYTES = 1024 * 1024  # several feature films of Fountain text
MAX_FOUNTAIN_LINES = 50_000
MAX_FOUNTAIN_EMPHASIS_MARKS = 20_000  # `*` and `_`: a feature film uses a few hundred
MAX_FDX_PARAGRAPHS = 25_000


def refuse_more_than(limit: int, count: int, *, things: str, script: str, feature_film: str) -> None:
    """Refuse a script with more than `limit` `things` ("lines"), saying what a feature film has for scale."""
    if count > limit:
        raise ScreenplayError(
            f"{count:,} {things}; {script} may have at most {limit:,} (a feature film has {feature_film})"
        )
