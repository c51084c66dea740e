# The bot in a slim image: `docker build -t talentbot . && docker run -e TELEGRAM_BOT_TOKEN=... talentbot`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip install .
COPY dialogs ./dialogs
COPY data ./data

RUN useradd --create-home --uid 10001 talentbot \
    && mkdir -p /var/lib/talentbot \
    && chown talentbot:talentbot /var/lib/talentbot
USER talentbot
WORKDIR /var/lib/talentbot

# Override TALENTBOT_DATABASE_URL with a postgresql:// URL to share one database between
# several bot processes; TELEGRAM_BOT_TOKEN comes from the environment at run time.
ENV TALENTBOT_DIALOGS_DIR=/app/dialogs \
    TALENTBOT_CATALOGUE_DIR=/app/data \
    TALENTBOT_DATABASE_URL=sqlite:////var/lib/talentbot/talentbot.sqlite3 \
    TALENTBOT_CACHE_DIR=/var/lib/talentbot/cache \
    TALENTBOT_WEB_LISTEN=0.0.0.0 \
    TALENTBOT_WEB_PORT=8080
VOLUME ["/var/lib/talentbot"]
# The web app: back-office (/beheer), webhook, /healthz, /metrics. Set TALENTBOT_WEB_BASE_URL
# to the public https address staff open, for the sign-in links.
EXPOSE 8080

CMD ["talentbot", "run"]
