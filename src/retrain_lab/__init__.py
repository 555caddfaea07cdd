"""Pure-Python helpers for the Keep Models Fresh lessons.

Standard library only and deterministic (every random draw comes from ``random.Random(seed)``),
so the same program prints the same thing in CPython and in the browser's Pyodide.

* :mod:`retrain_lab.drift` - a concept-drift stream (steady or bursty, with a label delay) and
  retraining policies;
* :mod:`retrain_lab.validation` - a data-validation gate: blocking schema, range and missing-value
  problems, advisory distribution shifts (PSI, KS distance);
* :mod:`retrain_lab.registry` - model versions, aliases, gated promotion (McNemar's paired test)
  and rollback;
* :mod:`retrain_lab.cron` - parse and explain crontab lines;
* :mod:`retrain_lab.chart` - a small SVG line chart as a string;
* :mod:`retrain_lab.lab` - the retraining lab: four policies side by side, with covariate shift,
  label delay and input-drift statistics (PSI, KS distance). Import it as ``retrain_lab.lab``.
"""

from .chart import line_chart, svg_data_url
from .cron import CronError, CronSchedule, describe, explain, matches, next_runs
from .cron import parse as parse_cron
from .drift import (
    Batch,
    CentroidModel,
    Never,
    PerformanceTriggered,
    Policy,
    PolicyRun,
    Scheduled,
    WeekResult,
    as_fraction,
    format_table,
    make_batch,
    make_stream,
    run_policy,
    simulate,
    train,
    window_age_experiment,
)
from .registry import (
    Decision,
    ModelVersion,
    PairedComparison,
    Registry,
    RegistryError,
    compare,
    mcnemar_p,
)
from .validation import (
    Column,
    Problem,
    Reference,
    Schema,
    Shift,
    ValidationReport,
    ks_distance,
    mean_shift_z,
    psi,
    psi_noise,
    reference_stats,
    validate,
)

__version__ = "0.1.0"

__all__ = [
    "Batch",
    "CentroidModel",
    "Column",
    "CronError",
    "CronSchedule",
    "Decision",
    "ModelVersion",
    "Never",
    "PairedComparison",
    "PerformanceTriggered",
    "Policy",
    "PolicyRun",
    "Problem",
    "Reference",
    "Registry",
    "RegistryError",
    "Scheduled",
    "Schema",
    "Shift",
    "ValidationReport",
    "WeekResult",
    "__version__",
    "as_fraction",
    "compare",
    "describe",
    "explain",
    "format_table",
    "ks_distance",
    "line_chart",
    "make_batch",
    "make_stream",
    "matches",
    "mcnemar_p",
    "mean_shift_z",
    "next_runs",
    "parse_cron",
    "psi",
    "psi_noise",
    "reference_stats",
    "run_policy",
    "simulate",
    "svg_data_url",
    "train",
    "validate",
    "window_age_experiment",
]
