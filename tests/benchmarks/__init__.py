"""Tests of the benchmark data."""
