"""The domain: value objects, aggregates and rules. Imports nothing from persistence or I/O."""
