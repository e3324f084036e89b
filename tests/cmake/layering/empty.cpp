// Intentionally empty: the fixture's libraries only need a link graph.
