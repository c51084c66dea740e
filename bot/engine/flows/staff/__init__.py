"""Staff in the chat: the event list, paged and searchable (event_list.py), attendee lists
and exports (attendees.py), check-in at the door (checkin.py), announcements
(broadcast.py), moving and cancelling events (manage.py), the figures (report.py).

Every action checks the role first (access.py); to everyone else these commands do not exist
(the attempt is logged with a hashed id), and a partner sees only their own organisation's
events.
"""
