"""Seed data for the directory: taxonomy, geography, real public organisations and demo data.

Each module is a plain loader that is safe to run again; the management commands `load_data` and
`demo` call them in order.
"""
