"""``campus-monitor discover``: the config side — run the discovery spider, propose columns (type and checklist
items inferred from their names), print or write them, and compare configured sites with their navigation."""
