"""Rules about how pods survive failures: controllers, probes, restarts, lifecycle, data."""
