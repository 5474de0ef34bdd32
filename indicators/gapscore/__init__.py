"""Gap scores with uncertainty: which regions are most underserved, and how sure is that ranking.

Pure numpy + pandas (no Dash). The method, with formulas and its version, is docs/METHOD.md.

- ``spec``: ``IndicatorSpec``, ``ScoreSpec``, ``METHOD_VERSION``.
- ``inputs.build_matrix``: tidy observations -> region x indicator values and years used.
- ``gaps`` (Step A), ``normalise`` (Step B), ``aggregate`` (Steps C-D).
- ``score.compute_scores``: score, rank, contributions, indicators / weight share / years used.
- ``robustness.rank_uncertainty``: Monte Carlo median rank, 5-95% interval, uncertain flag;
  ``robustness.benchmark_mc`` for ``cam-atlas bench``.
- ``table.score_table``: both joined, the table the CLI, dashboard and downloads show.
- ``exclusions.Exclusion``: an indicator left out of a score and why.
- ``regions``: one layout from tidy observations (``score_regions``, ``suggest_year``).
- ``plane.need_coverage_plane``: need versus service coverage per area.
- ``explain.explain_area``: one area's score taken apart.
"""

from indicators.gapscore.exclusions import Exclusion
from indicators.gapscore.robustness import RobustnessSpec, benchmark_mc, rank_uncertainty
from indicators.gapscore.score import compute_scores
from indicators.gapscore.spec import METHOD_VERSION, IndicatorSpec, ScoreSpec
from indicators.gapscore.table import score_table

__all__ = [
    "METHOD_VERSION",
    "Exclusion",
    "IndicatorSpec",
    "RobustnessSpec",
    "ScoreSpec",
    "benchmark_mc",
    "compute_scores",
    "rank_uncertainty",
    "score_table",
]
