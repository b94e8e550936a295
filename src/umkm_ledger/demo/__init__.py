"""The demo: the seed articles' enterprises, programs, funding and activity, recorded
idempotently into any ledger."""
