"""Benchmarks of the workstation: `python -m bench` (see bench/harness.py)."""
