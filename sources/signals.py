"""Signals sources sends so that apps depending on it can react, without sources knowing them.

`provenance_changed` is sent, inside the writing transaction, when a change may alter what a
source relays or how far its origins are trusted: a citation added, edited or removed
(`source_ids`: the citing source), an outlet's rating changed (`outlet_ids`), or a source moved
to another outlet (`source_ids`).

`shown_changed` is sent, inside the writing transaction, when a field that other apps show
beside their own rows changed: an outlet's name, kind or rating (`outlet_ids`), a source's
title, URL, kind, date or outlet (`source_ids`).
"""

from django.dispatch import Signal

provenance_changed = Signal()  # kwargs: source_ids, outlet_ids, user
shown_changed = Signal()  # kwargs: source_ids, outlet_ids
