"""Hobby discovery in the chat: the quiz and its ideas (quiz.py), looking around by kind
(browse.py), saving interests (interests.py); how they read (screens.py) and the answers held
while discovering (held_answers.py). The scoring itself is bot/discovery/, without chat."""
