"""The one error a screenplay file can raise."""

from core.errors import DomainError


class ScreenplayError(DomainError):
    """A screenplay file that cannot be read into a breakdown.

    Each fault says where: `line 42` in a Fountain file, `paragraph 17` (or `line 3, column 8` for XML syntax) in
    a Final Draft file, or no path for the file as a whole.
    """
