"""Benchmark of the collabgraph pipeline (see bench/README.md)."""
