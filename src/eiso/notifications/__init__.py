"""Notifications (SPEC §4): in-app messages per user and e-mails.

``storage`` keeps each user's in-app notifications, ``mail`` sends plain-text
e-mails through the MailHost, ``subscribers`` tells handlers and authors when a
case is handed over, ``browser`` shows the bell in the header and the
``@@notifications`` page. Reminder digests: :mod:`eiso.commands.reminders`.
"""
