"""Facts found in sentences: entities, numbers, quotations (see annotate.py for the pass)."""
