"""Batch evaluation of case exports: readers, the flat CSV layout, workers and writers."""
