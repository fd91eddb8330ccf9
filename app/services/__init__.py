"""Use cases: each call is one unit of work writing the change, its audit event and its outbox row together."""
