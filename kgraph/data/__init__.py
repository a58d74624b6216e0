"""Packaged data files: institution and category tables, extraction vocabulary."""
