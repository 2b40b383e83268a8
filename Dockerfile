# ecograph API image: the wheel's contents installed (ontology, queries and the
# demo package travel inside the package as data).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    ECOGRAPH_DATA_DIR=/data

WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
COPY loaders ./loaders
COPY api ./api
COPY ontology ./ontology
COPY queries ./queries
RUN pip install . \
    && useradd --create-home --uid 1000 ecograph \
    && mkdir -p /data && chown ecograph /data

USER ecograph
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=5 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)"
CMD ["ecograph", "serve", "--host", "0.0.0.0", "--port", "8000"]
