"""REST ``POST @reminders``: the daily reminders, run inside the server (SPEC §4).

``eiso-reminders --url`` calls it from cron while the server runs, when the
command cannot open a FileStorage the server holds.
"""
