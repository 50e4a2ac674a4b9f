# One image for every process of Directive Tracker: web (gunicorn), worker and
# beat (celery). Pick the process with the container command; see
# docker-compose.yml. The default command runs the web process.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FLASK_APP=app \
    TRACKER_CONFIG=production

WORKDIR /app

# Dependencies first, so code changes don't reinstall them.
# (psycopg[binary] ships libpq; every pinned package has a manylinux wheel.)
COPY requirements.txt ./
RUN pip install -r requirements.txt

# Unprivileged runtime user; instance/ (uploads, outbox) is the only
# writable place inside /app and is meant to be a volume.
RUN groupadd --system --gid 1000 tracker \
 && useradd --system --uid 1000 --gid tracker --home-dir /app --no-create-home tracker

COPY . .

# Compile translations when the tree carries .po catalogues.
RUN if find tracker/translations -name '*.po' 2>/dev/null | grep -q .; then \
        pybabel compile -d tracker/translations >/dev/null; \
    fi \
 && mkdir -p /app/instance/uploads \
 && chown -R tracker:tracker /app/instance

USER tracker

EXPOSE 8000

# web: apply migrations, then serve. worker / beat: see docker-compose.yml.
CMD ["sh", "-c", "flask db upgrade && exec gunicorn -c config/gunicorn.py -w 2 -b 0.0.0.0:8000 \"app:app\""]
