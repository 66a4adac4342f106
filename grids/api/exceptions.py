"""The API answers bad input with 400 and field errors, never a 500."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, ProtectedError):
        return Response(
            {"detail": "This object is still in use (children or people attached)."},
            status=status.HTTP_409_CONFLICT,
        )
    elif isinstance(exc, IntegrityError):
        # A race past the serializer's uniqueness check: the database had the last word.
        exc = exceptions.ValidationError(
            {"non_field_errors": ["This conflicts with an existing record."]}
        )
    return drf_exception_handler(exc, context)
