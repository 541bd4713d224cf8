"""The corpus index: cross-article entity resolution and mergeable aggregates (no Beam)."""
