"""Curated content: models, loading and checks."""
