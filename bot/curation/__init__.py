"""Curator tools without Telegram: grouping declined questions, CSV export, charts, reloads."""
