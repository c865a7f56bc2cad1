"""Benchmarks and scenario generators: numbers, not pass/fail (see bench/README.md)."""
