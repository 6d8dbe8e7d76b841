"""Built-in behaviour, registered as plugins through the same path as any jurisdiction."""
