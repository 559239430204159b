"""Signals the features built on claims listen to, so claims core need not know about them.

Both are sent inside the transaction that made the change: a receiver's writes commit or roll back with
it, and a receiver that sends a job defers it with `transaction.on_commit`.
"""

from django.dispatch import Signal

# A claim was marked (claims.services.claim_create); `claim` is the Claim, its suggestions mark set.
claim_marked = Signal(use_caching=True)

# Evidence was linked to a claim in a passage of the current revision (claims.services.evidence_link);
# `evidence` is the Evidence, `user` the editor who linked it.
evidence_linked = Signal(use_caching=True)
