"""The kit every app builds its pages from. A new app's pages are declarations:

    # <app>/filtersets.py
    class PatrolFilterSet(ScopedFilterSet):          # grids.generic.filters: `within` picker,
        class Meta:                                  # strict values, 全部/是/否 booleans
            model = Patrol
            fields = ["mode", "within"]

    # <app>/forms/patrols.py
    class PatrolForm(ScopedModelForm):               # grids.generic.forms: every choice list
        class Meta:                                  # holds only what the user may pick
            model = Patrol
            fields = ["team", "area", "mode", "started_at"]

    # <app>/views/patrols.py
    class PatrolListView(ObjectListView):            # grids.generic.views
        model = Patrol
        filterset_class = PatrolFilterSet
        select_related = ("area", "team")
        columns = [Column(_("team"), "team.name", link=True), Column(_("mode"), "mode")]

    class PatrolEditView(ObjectEditView):            # create + update; "add" is a 404 for a
        model = Patrol                               # user who may create nowhere
        form_class = PatrolForm

    class PatrolTransitionView(TransitionView):      # POST → form → one action → a message
        model = Patrol
        transitions = {"close": Transition(close_patrol, CloseForm, _("Closed at %(ended_at)s."))}

    # <app>/urls.py
    urlpatterns = [*crud("patrols", "patrol", PatrolListView, PatrolDetailView, PatrolEditView)]

The API side is grids/api/base.py: ScopedModelViewSet / ScopedReadOnlyViewSet, the scoped
serializer fields, and ActionViewSetMixin with `state_change("close", close_patrol,
CloseSerializer)`. Templates: generic/object_list.html, object_edit.html, object_delete.html
and the partials _table.html, _filter_form.html, _pager.html, _section_nav.html for custom
pages that show a table.
"""
