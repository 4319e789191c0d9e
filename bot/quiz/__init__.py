"""Quiz rules without Telegram: picking questions, shuffling options, scoring and spaced review."""
