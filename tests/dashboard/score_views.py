"""A Gap scores view from URL-like query values, for the unit tests of the scores page (the
modules using it need the boundary build: ``pytestmark = pytest.mark.usefixtures("data_env")``)."""

from __future__ import annotations

from dashboard.scores.state import parse_query
from dashboard.scores.view import ScoreView, score_view


def view(**query: object) -> ScoreView:
    """The page's view for ``query`` (values as the URL would carry them; none may be bad)."""
    state, problems = parse_query({k: str(v) for k, v in query.items()})
    assert problems == []
    return score_view(state)
