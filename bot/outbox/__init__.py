"""Messages the bot sends on its own initiative, in one place.

- write.py: rows are added in the same transaction as the change that causes them;
- queue.py: claiming due rows, recording what happened, recovering after a crash;
- dispatch.py: the `Dispatcher` delivers a due batch through a channel's `Sender`, rendering
  each row with a `Renderer` (the engine, bot/engine/notifications.py);
- drain.py: the periodic tick that starts a drain when none runs;
- metrics.py: the outbox's depth for /metrics.
The kinds and states are named in bot/db/states.py.
"""
