"""Batch jobs: steps written once (steps.py), executors underneath (local process pool,
Ray Data), output that resumes after any kill (output.py). See docs/scale.md."""
from .job import EXECUTORS, Job, Summary, run_job
from .steps import STEPS

__all__ = ["EXECUTORS", "Job", "STEPS", "Summary", "run_job"]
