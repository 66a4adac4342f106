"""Base classes every app's API builds on: validated serializers, scoped viewsets."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from grids.models import Area
from grids.querysets import ACTION_CHANGE, ACTION_VIEW


class ValidatedModelSerializer(serializers.ModelSerializer):
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


class ScopedAreaField(serializers.SlugRelatedField):
    """An area given by its code; only areas where the caller may change this model."""

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        kwargs.setdefault("queryset", Area.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        model = self.parent.Meta.model
        if request is None:
            return Area.objects.none()
        return Area.objects.where_user_may_change(request.user, model)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Reads from `visible_to(user)`; writes only where the user holds an edit role.

    Out of scope → 404, the same answer as "does not exist".
    """

    model = None
    select_related: tuple[str, ...] = ()

    def get_queryset(self):
        action = ACTION_VIEW if self.request.method in ("GET", "HEAD", "OPTIONS") else ACTION_CHANGE
        qs = self.model.objects.visible_to(self.request.user, action)
        return qs.select_related(*self.select_related) if self.select_related else qs

    def perform_create(self, serializer):
        with transaction.atomic():
            serializer.save()

    def perform_update(self, serializer):
        with transaction.atomic():
            serializer.save()
