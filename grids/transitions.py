"""State machines: the compare-and-set move, its event row and its error, for every app.

Each model with a status declares one `StateMachine` beside its actions (requests in
grids/actions/requests.py, disputes in disputes/actions/disputes.py, and so on). An action
calls `machine.move(obj, to_status, kind, by=…)`: the move is checked against the
transitions table from the app's choices.py, the row is updated with
`filter(pk=…, status=old).update(status=new)` so of two concurrent moves exactly one wins
(Healthchecks' sendalerts does the same), and the event row (who, from, to, why) is written
in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models


class TransitionError(ValidationError):
    """A move the object's current state does not allow; shown as a 400 / form error."""


def require_text(text: str | None, field: str, message: Any) -> str:
    """The stripped text, or a ValidationError on `field` when it is blank."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


@dataclass(frozen=True)
class StateMachine:
    """A model's status field, the moves its choices allow, and the table of its events."""

    model: type[models.Model]
    event_model: type[models.Model]
    subject: str  # the event's foreign key to `model`
    allowed: Mapping[str, Collection[str]]
    status_label: Callable[[str], Any]
    kind_label: Callable[[str], Any]
    # "A request that is “%(status)s” cannot be %(action)s."
    refused: Any
    # The loser of a race: a message, or a function of the object giving the error.
    raced: Any

    def event(self, obj: models.Model, kind: str, *, by=None, **fields) -> models.Model:
        """One row in the object's history."""
        return self.event_model.objects.create(**{self.subject: obj}, kind=kind, actor=by, **fields)

    def move(
        self,
        obj: models.Model,
        to_status: str,
        kind: str,
        *,
        by=None,
        note: str = "",
        updates: dict | None = None,
        guard: dict | None = None,
        event_fields: Callable[[models.Model], dict] | None = None,
    ) -> models.Model:
        """Compare-and-set `obj.status` to `to_status` and record the event.

        `guard` adds columns that must still hold their old values (a dispute's tier);
        `event_fields(obj)` adds columns to the event once the object is re-read.
        """
        current = obj.status
        if to_status not in self.allowed[current]:
            raise TransitionError(
                str(self.refused)
                % {
                    "status": self.status_label(current),
                    "action": str(self.kind_label(kind)).lower(),
                }
            )
        changed = self.model.objects.filter(pk=obj.pk, status=current, **(guard or {})).update(
            status=to_status, **(updates or {})
        )
        if not changed:
            if callable(self.raced):
                raise self.raced(obj, kind)
            raise TransitionError(str(self.raced))
        obj.refresh_from_db()
        self.event(
            obj,
            kind,
            by=by,
            from_status=current,
            to_status=to_status,
            note=note,
            **(event_fields(obj) if event_fields else {}),
        )
        return obj
