"""`{{ broken|reasons_for:scene_code }}`: why a scene's shoot is broken (web.conflicts.Broken), for the marks."""

from django import template

register = template.Library()


@register.filter
def reasons_for(broken, scene: str) -> list[str]:
    return broken.reasons.get(scene, []) if broken else []
