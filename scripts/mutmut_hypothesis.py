"""pytest plugin for `make mutation` only: Hypothesis settings fit for running tests many times.

mutmut runs the same test functions several times in one process (coverage stats, the clean
run, then each mutant in a fork), which trips Hypothesis's `differing_executors` health check;
and a mutant must be judged by the same examples every time, so generation is derandomised and
the example database is off. Loaded with `-p scripts.mutmut_hypothesis` from [tool.mutmut].
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "mutation",
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.differing_executors, HealthCheck.too_slow],
)
settings.load_profile("mutation")
