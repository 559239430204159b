# One image for web (gunicorn), worker and beat (Celery); docker-compose.yml picks the command.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Debian's German word list: suggestions split German compounds on its stems (claims/assist/rules/terms.py);
# its German-English dictionary: evidence is searched across the two languages (claims/assist/rules/bilingual.py);
# the English word list: a capitalised ordinary word ("Mayor") is no name (claims/assist/rules/english_words.py).
RUN apt-get update && apt-get install -y --no-install-recommends hunspell-de-de hunspell-en-us dict-freedict-deu-eng \
    && rm -rf /var/lib/apt/lists/*

# Requirements first, so a code change does not reinstall every package.
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

RUN useradd --create-home --uid 10001 --user-group factcheck

# The project's packages only: not the host's .venv, var/ (SQLite, static) or .git.
COPY --chown=factcheck:factcheck manage.py ./
COPY --chown=factcheck:factcheck factcheck ./factcheck
COPY --chown=factcheck:factcheck sources ./sources
COPY --chown=factcheck:factcheck claims ./claims
COPY --chown=factcheck:factcheck frontend ./frontend

# var/ holds collected static files (a volume in compose); it must belong to the app user. They are
# collected into the image too, so `docker run` of the image alone serves its pages (with DEBUG=0 the web
# server refuses to start without them); compose's one-shot migrate collects them again into its volume.
# var/cache/ gets the German-English terms derived from the dictionary once, so no process pays for it.
RUN DEBUG=0 SECRET_KEY=collectstatic-at-build-time-only python manage.py collectstatic --noinput \
    && DEBUG=0 SECRET_KEY=collectstatic-at-build-time-only python manage.py shell -c \
       "from claims.assist.rules import bilingual; assert bilingual.available()" \
    && chown -R factcheck:factcheck /app/var

USER factcheck

EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
