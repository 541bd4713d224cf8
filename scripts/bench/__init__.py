"""Helpers of ``scripts/benchmark.py``: memory sampling, the plain loop, stage costs, report."""
