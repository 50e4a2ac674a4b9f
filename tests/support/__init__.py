"""Builders shared by test modules (never imported from one test module into another)."""
