"""The benchmark harness behind ``make bench`` (not part of the product or of ``make test``)."""
