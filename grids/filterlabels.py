"""Filter labels that are translated each time they are shown.

django-filter works out a filter's default label (from the model field's verbose name) the
first time it is read and keeps the string, in whatever language was active then. Generating
the API schema reads every label, so after one English schema request every page showed
"Kind", "Role", "Focus" to Chinese readers (issue 8 §4.1). A lazy label never goes stale.
"""

from django.utils.functional import lazy
from django_filters.utils import label_for_filter

lazy_label = lazy(label_for_filter, str)


class LazyLabelsMixin:
    """Put before `django_filters.FilterSet` in a filter set's bases."""

    @classmethod
    def get_filters(cls):
        filters = super().get_filters()
        model = cls._meta.model
        for filter_ in filters.values():
            if filter_._label is None and model is not None and filter_.field_name:
                filter_.label = lazy_label(
                    model, filter_.field_name, filter_.lookup_expr, filter_.exclude
                )
        return filters
