"""Benchmarks: each runs our path and its reference side by side, prints a table, writes JSON."""
