"""The suggestions' text rules: pure Python, no Django, no models (tests hold the imports to that)."""
