"""The platform the contexts run on: the eventsourcing application (transactions,
receipts, read sets), the audited recorders with their Merkle leaves, transcoding,
database URLs and schemas, storage faults, the materialized views' base and store, and the
names of region codes (the data set the package ships)."""
