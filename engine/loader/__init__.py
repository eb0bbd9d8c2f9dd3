"""Loading sources: YAML with marks, schema checks for people, discovery."""
