"""`wellsourced check` - registered by the check job (see wellsourced.check)."""
