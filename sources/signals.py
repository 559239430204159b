"""Signals other apps listen to, so sources need not know about claims."""

from django.dispatch import Signal

# Sent after the transaction that stored new revisions commits; `document_ids` is a list of ints.
revisions_added = Signal()

# Sent after the transaction that stored new texts commits, for new documents and new revisions alike;
# `document_ids` is a list of ints; `suggest` is False when the importer asked for no suggestions now
# (a bulk import: `manage.py suggest` makes them later).
texts_stored = Signal()
