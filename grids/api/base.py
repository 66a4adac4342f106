"""Base classes every app's API builds on: validated serializers, scoped fields and
viewsets, and the action mixin whose POST endpoints call one function of `actions`."""

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models, transaction
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from grids.generic.forms import visible_users
from grids.models import Area, User
from grids.querysets import ACTION_CHANGE, ACTION_VIEW
from grids.validators import EARLIEST_DATE, LATEST_DATE, validate_date_in_range


class _DateRangeMixin:
    """Held to 2000–2100; a value overflowing on its way between time zones is a field error
    (issue 8 §1.5). The schema says so with its bounds in the description."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators.append(_drf_date_in_range)

    def to_internal_value(self, value):
        try:
            return super().to_internal_value(value)
        except (OverflowError, ValueError):
            self.fail("invalid", format="ISO 8601")


def _drf_date_in_range(value) -> None:
    try:
        validate_date_in_range(value)
    except DjangoValidationError as exc:
        raise ValidationError(exc.messages) from exc


class DateField(_DateRangeMixin, serializers.DateField):
    """Every API date (model fields, payloads, query parameters): 2000-01-01 to 2100-12-31."""


class DateTimeField(_DateRangeMixin, serializers.DateTimeField):
    """Every API datetime: its day between 2000-01-01 and 2100-12-31."""


DATE_RANGE_HELP = f"Between {EARLIEST_DATE} and {LATEST_DATE}."


class ModelSerializer(serializers.ModelSerializer):
    """Every API model serializer derives from this: dates held to 2000–2100, and a declared
    field over a nullable model field (or through one) says it may be null, as the
    generated fields do — so the schema marks it `nullable` (issue 8 §3)."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.DateField: DateField,
        models.DateTimeField: DateTimeField,
    }

    def get_fields(self):
        fields = super().get_fields()
        for name, field in fields.items():  # not bound yet: `source` is set only if given
            if not field.allow_null and _may_be_null(self.Meta.model, field.source or name, field):
                field.allow_null = True
        return fields


def _may_be_null(model, source: str, field: serializers.Field) -> bool:
    """Whether `source` on `model` passes through a nullable model field."""
    if source == "*" or isinstance(
        field, serializers.ManyRelatedField | serializers.ListSerializer
    ):
        return False
    for name in source.split("."):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        if getattr(model_field, "null", False) and not model_field.many_to_many:
            return True
        model = model_field.related_model
    return False


class ValidatedModelSerializer(ModelSerializer):
    """Runs Model.full_clean() so the API enforces the same rules as forms (NetBox's way)."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        m2m = {
            name: attrs[name]
            for name in list(attrs)
            if isinstance(self.fields.get(name), serializers.ManyRelatedField)
        }
        instance = self.instance or self.Meta.model()
        originals = {}
        for name, value in attrs.items():
            if name in m2m:
                continue
            originals[name] = getattr(instance, name, None)
            setattr(instance, name, value)
        try:
            instance.full_clean(validate_unique=True)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        finally:
            if self.instance is not None:  # leave the caller's instance untouched
                for name, value in originals.items():
                    setattr(instance, name, value)
        return attrs


def _caller(field: serializers.Field):
    request = field.context.get("request")
    return getattr(request, "user", None)


class ScopedAreaField(serializers.SlugRelatedField):
    """An area by its code, where the caller may change `model` (default: the serializer's)."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", Area.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        user = _caller(self)
        if user is None:
            return Area.objects.none()
        return Area.objects.where_user_may_change(user, self.model or self.parent.Meta.model)


class ScopedRelatedMixin:
    """Choices among the rows of `model` the caller may see (or change): others "do not
    exist", like a missing id."""

    def __init__(self, model=None, scope_action: str = ACTION_VIEW, **kwargs):
        self.model, self.scope_action = model, scope_action
        kwargs.setdefault("queryset", model.objects.none())
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.visible_to(_caller(self), self.scope_action)


class ScopedRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    """An object by id, among those the caller may see (or change)."""


class ScopedSlugField(ScopedRelatedMixin, serializers.SlugRelatedField):
    """An object by a slug (a tracking code), among those the caller may see."""


class UserField(serializers.SlugRelatedField):
    """An account by username; writable: among the accounts working in or above the caller's
    areas (grids.generic.forms.visible_users, as on the pages)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "username")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", User.objects.filter(is_active=True))
        super().__init__(**kwargs)

    def get_queryset(self):
        return visible_users(_caller(self))


class ScopedViewSetMixin:
    """Reads from `visible_to(user)`; writes (and POST actions) see only the change scope.

    Out of scope → 404, the same answer as "does not exist".
    """

    model = None
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        action = ACTION_VIEW if self.request.method in SAFE_METHODS else ACTION_CHANGE
        qs = self.model.objects.visible_to(self.request.user, action)
        return qs.select_related(*self.select_related) if self.select_related else qs


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Create, read, update, delete, each inside the caller's scope."""

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Scoped reads; the rows' state changes are POST actions (see ActionViewSetMixin)."""


class ActionSchema(AutoSchema):
    """Action endpoints document their errors beside the fresh object they answer with."""

    def get_response_serializers(self):
        responses = super().get_response_serializers()
        ok = responses if not isinstance(responses, dict) else responses.get(200)
        return {
            200: ok,
            400: OpenApiResponse(OpenApiTypes.OBJECT, description=_ERRORS[400]),
            404: OpenApiResponse(OpenApiTypes.OBJECT, description=_ERRORS[404]),
        }


_ERRORS = {
    400: "Invalid input, or the move is not allowed from the current state: field errors.",
    404: "No such object in the caller's scope.",
}


class ActionViewSetMixin:
    """POST endpoints that parse a payload, call one action, and answer the fresh object.

    Declare them with `state_change()`, which documents the payload in the schema:

        accept = state_change("accept", actions.accept_request)
        resolve = state_change("resolve", actions.resolve_request, ResolveSerializer)
    """

    def _payload(self, serializer_class) -> dict:
        payload = serializer_class(data=self.request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        return dict(payload.validated_data)

    def _run(self, run_action, payload_serializer=None, **extra):
        obj = self.get_object()
        data = self._payload(payload_serializer) if payload_serializer else {}
        with transaction.atomic():
            run_action(obj, by=self.request.user, **data, **extra)
        return self._answer(obj)

    def _answer(self, obj, status_code: int = status.HTTP_200_OK):
        # Fresh, with its related rows; a row that left the caller's scope (a request
        # transferred to another grid) is answered from the database as it now stands.
        fresh = self.get_queryset().filter(pk=obj.pk).first()
        if fresh is None:
            obj.refresh_from_db()
            fresh = obj
        return Response(self.get_serializer(fresh).data, status=status_code)


def state_change(name: str, run_action, payload_serializer=None, **action_kwargs):
    """A detail POST endpoint `<name>/` calling `run_action(obj, by=user, **payload)`."""

    def endpoint(self, request, *args, **kwargs):
        return self._run(run_action, payload_serializer)

    endpoint.__name__ = name
    endpoint.__doc__ = (run_action.__doc__ or "").strip().split("\n\n")[0] or None
    # @action first: extend_schema then refines the action's own schema (ActionSchema).
    endpoint = action(detail=True, methods=["post"], schema=ActionSchema(), **action_kwargs)(
        endpoint
    )
    return extend_schema(request=payload_serializer)(endpoint)
