"""The web dashboard (issue 12): ``campus-monitor serve`` shows the monitor's database as server-rendered pages.

``app.create_app(config, now=...)`` builds the Flask app; ``server.serve`` runs it under waitress. Pages:
``views`` (overview, site), ``findingspage`` (findings, ack/unack), ``reports``; ``auth`` (login) and
``csrf`` guard every request; ``queries`` is the data, testable on a seeded store.
"""
