"""`wellsourced digest` - registered by the digest job (see wellsourced.digest)."""
