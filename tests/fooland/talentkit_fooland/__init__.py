"""Fooland (样例市): a made-up jurisdiction for tests and the plugin tutorial."""
