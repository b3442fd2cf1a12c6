"""``missing_words``: a missing benchmark figure's mark in words, as the downloads write it."""

from django import template

from benchmarks.periods import missing_words

register = template.Library()
register.filter("missing_words", missing_words)
