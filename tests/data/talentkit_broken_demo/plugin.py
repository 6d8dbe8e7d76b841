"""Fails on import, as a plugin with a missing dependency does."""

raise ImportError("talentkit_broken_demo needs the package 'nonexistent_dependency'")
