"""campus-monitor: everything after the crawl (config, store, checks, reports, alerts, CLI)."""
