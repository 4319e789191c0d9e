"""Benchmarks run from the command line (``python -m bot bench ...``)."""
