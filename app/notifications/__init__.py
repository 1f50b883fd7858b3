"""E-mail to the people a consultation concerns: an outbox every message goes through (the
secretariat reads it in the app), delivered by SMTP when a mail server is configured."""
