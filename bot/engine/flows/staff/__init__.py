"""Staff in the chat: attendee lists, check-in and exports (attendees.py), announcements
(broadcast.py), moving and cancelling events (manage.py), the figures (report.py).

Every action checks the role first (access.py); to everyone else these commands do not exist
(the attempt is logged with a hashed id), and a partner sees only their own organisation's
events.
"""
