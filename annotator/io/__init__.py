"""Files written safely: atomic output files and the output check (import and export live in their packages)."""
