"""The shared kernel: what every context uses and nothing in it depends on a context.

The audit envelope, the aggregate base with corrections, stored event type names,
lifecycle machinery, value objects, errors, coercion of primitives, the clock."""
