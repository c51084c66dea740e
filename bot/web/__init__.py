"""The one web app of a bot process: the back-office for staff and partners (/beheer), the
channels' webhooks, /healthz and /metrics (Starlette, served by uvicorn)."""
