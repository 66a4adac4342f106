"""One URL helper for every app's list, add, detail, edit and delete pages."""

from django.urls import path


def crud(
    prefix: str,
    name: str,
    list_view=None,
    detail_view=None,
    edit_view=None,
    delete_view=None,
    *,
    key: str = "<int:pk>",
    edit: bool = True,
) -> list:
    """Routes named `<name>_list`, `_add`, `_detail`, `_edit`, `_delete` (the names the
    generic views and tables link to); pass None for a page the app does not have.

    `key` is the URL's converter and attribute ("<int:pk>", "<str:code>"); the views' `lookup`
    must name the same attribute. `edit=False`: the edit view only adds (records that are
    kept as written, such as a consultation).
    """
    routes = []
    if list_view is not None:
        routes.append(path(f"{prefix}/", list_view.as_view(), name=f"{name}_list"))
    if edit_view is not None:
        routes.append(path(f"{prefix}/add/", edit_view.as_view(), name=f"{name}_add"))
    if detail_view is not None:
        routes.append(path(f"{prefix}/{key}/", detail_view.as_view(), name=f"{name}_detail"))
    if edit_view is not None and edit:
        routes.append(path(f"{prefix}/{key}/edit/", edit_view.as_view(), name=f"{name}_edit"))
    if delete_view is not None:
        routes.append(path(f"{prefix}/{key}/delete/", delete_view.as_view(), name=f"{name}_delete"))
    return routes
