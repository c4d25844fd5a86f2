"""Plans in git: read revisions from the object database, compare them, list the history."""
