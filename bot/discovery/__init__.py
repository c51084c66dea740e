"""Hobby discovery: the quiz from dialogs/quiz.yaml, free-text answers and the recommender.

The quiz, the reading of answers and the scoring are plain data and pure functions, so they
can be tested without a database; `facts` turns the catalogue into that data and `present`
turns recommendations into chat replies.
"""
