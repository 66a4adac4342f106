"""`{% get_menu as menu %}`: the sections and items the signed-in user may open (grids.menu)."""

from django import template

from grids.menu import VisibleMenu, visible_menu

register = template.Library()


@register.simple_tag(takes_context=True)
def get_menu(context) -> VisibleMenu:
    request = context.get("request")
    return visible_menu(request) if request is not None else VisibleMenu()
