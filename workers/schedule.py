"""Periodic jobs, declared as data (Redash's habit): name -> task, schedule, args."""
BEAT_SCHEDULE: dict = {}
