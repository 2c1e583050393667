"""Aggregates the figures need beyond Django's own."""

from django.db.models import Aggregate, FloatField


class Median(Aggregate):
    """Postgres' exact median of an interval, as seconds."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM %(expressions)s))"
    output_field = FloatField()
