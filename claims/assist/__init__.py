"""Suggestions of claims and evidence; its Django-free text rules live in `claims.assist.rules`."""
