"""Scenes out of scheduling because of the script: those a revision omitted, and those that come after one.

A selector of its own (not in `script_import`), so solving reads it without importing the import's writes."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Collection

from .models import Production, Scene, ScenePredecessor


def scenes_left_out(*, production: Production, kept: Collection[str] = ()) -> dict[str, str]:
    """Why each scene is out of scheduling, by code: "omitted from the script (revision Blue, 2021-10-01)", or
    "comes after 005, omitted from the script (...)" for a scene that must come after an omitted one (directly
    or through others). Scenes in `kept` (shot, frozen where they were shot) are never left out."""
    omitted = Scene.objects.filter(production=production, omitted=True).select_related("omitted_by").order_by("position", "id")
    reasons = {
        scene.code: f"omitted from the script ({scene.omitted_by.described if scene.omitted_by else 'by a revision'})"
        for scene in omitted if scene.code not in kept
    }
    if not reasons:
        return {}
    followers: dict[str, list[str]] = defaultdict(list)
    links = ScenePredecessor.objects.filter(scene__production=production).order_by("scene__position", "position")
    for predecessor, follower in links.values_list("predecessor__code", "scene__code"):
        followers[predecessor].append(follower)
    queue = deque((code, code) for code in list(reasons))
    while queue:
        code, root = queue.popleft()
        for follower in followers[code]:
            if follower in reasons or follower in kept:
                continue
            via = f", which comes after {root}" if code != root else ""
            reasons[follower] = f"comes after {code}{via}, {reasons[root]}"
            queue.append((follower, root))
    return reasons
