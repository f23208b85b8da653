"""Helpers of the tests that are not tests themselves (tests/ is on pytest's import path,
as for tests/kit.py): `pagecheck`, the browser tests' page checks."""
