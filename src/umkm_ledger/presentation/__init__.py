"""Turning records into words and tables for people (CLI, reports)."""
