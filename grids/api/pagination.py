"""The API's pages: a page number that is not one is a 400, not DRF's 404.

Its own module: the pagination class is imported by DRF's settings, which grids.api.base
(importing DRF's generics) would make circular.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` must be a whole number from 1 (else a 400 naming `page`); past the last page
    is a 404, as in DRF. The schema documents both (grids.api.schema)."""

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param) or 1
        if number in self.last_page_strings:
            return paginator.num_pages
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 0
        if number < 1:
            raise ValidationError({self.page_query_param: [_("A whole number from 1.")]})
        return number
