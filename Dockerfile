FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DATABASE_PATH=/data/atazan.sqlite3

RUN useradd --create-home --uid 10001 atazan \
    && mkdir -p /data /app \
    && chown atazan:atazan /data /app

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY handlers/ handlers/
COPY content/ content/
COPY locales/ locales/

# Same install step as README, then compile the catalogs into the image.
RUN pip install -e . \
    && python -c "from bot.locales import compile_catalogs; print(compile_catalogs())" \
    && chmod -R a+rX /tmp/atazan-locales-*

USER atazan
VOLUME ["/data"]
EXPOSE 8080

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-m", "bot", "health"]

CMD ["python", "-m", "bot", "run"]
