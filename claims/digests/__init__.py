"""Weekly digest emails: each editor's subscription, the week's content, rendering and sending once."""
