"""Persistence adapters: where events are stored and how they are encoded."""
