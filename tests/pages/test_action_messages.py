"""Every page action says what happened, never the kit's generic "Done." ("操作成功。")
(issue 8 §4.6)."""

from django.urls import URLPattern, URLResolver, get_resolver

from grids.generic.views import Transition, TransitionView


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "view_class", None)
            if view is not None:
                yield view


def test_every_transition_on_a_page_has_its_own_message():
    views = {v for v in _views(get_resolver().url_patterns) if issubclass(v, TransitionView)}
    assert len(views) >= 5
    generic = [
        f"{view.__module__}.{view.__name__}:{name}"
        for view in views
        for name, transition in view.transitions.items()
        if transition.message is Transition.message
    ]
    assert generic == []
