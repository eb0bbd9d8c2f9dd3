"""Raw ticket material → typed, derived, bounded, masked facts."""
