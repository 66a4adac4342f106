"""Every model of the project has a factory, and each factory makes a row the app accepts."""

import inspect

import pytest
from django.apps import apps
from factory.django import DjangoModelFactory

from tests.disputes import factories as dispute_factories
from tests.grids import factories as grid_factories
from tests.patrols import factories as patrol_factories
from tests.publicity import factories as publicity_factories

PROJECT_APPS = ("grids", "disputes", "patrols", "publicity", "dongfeng")
FACTORIES = [
    obj
    for module in (grid_factories, dispute_factories, patrol_factories, publicity_factories)
    for obj in vars(module).values()
    if inspect.isclass(obj)
    and issubclass(obj, DjangoModelFactory)
    and obj is not DjangoModelFactory
    and obj.__module__ == module.__name__
]


def test_every_model_of_the_project_has_a_factory():
    # A read-only database view (Meta.managed = False) has no rows of its own to make.
    models = {m for m in apps.get_models() if m._meta.app_label in PROJECT_APPS and m._meta.managed}
    covered = {factory._meta.model for factory in FACTORIES}
    assert sorted(m._meta.label for m in models - covered) == []


@pytest.mark.parametrize("factory", FACTORIES, ids=[f.__name__ for f in FACTORIES])
def test_a_factory_makes_a_valid_saved_row(db, factory):
    obj = factory()
    model = factory._meta.model
    fresh = model.objects.get(pk=obj.pk)
    fresh.full_clean()
