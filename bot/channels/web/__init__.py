"""The web chat: a full-page chat at /chat and a widget (/chat/widget.js) for a library's own
website, on the same engine as Telegram. A visitor is a signed token in a cookie, no account;
each message or button press is one HTTP POST that returns that turn's replies as JSON."""
