"""Word lists and tables that ipwork's rules share, as data files (one word once, each file commented)."""
