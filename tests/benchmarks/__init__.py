"""Benchmarks of the portal against real PostgreSQL, Redis and gunicorn (not collected by pytest).

Run: .venv/bin/python -m tests.benchmarks.requests_bench --help
"""
