"""Shapes of a screenplay import in the API: the query, and the preview (or what was done) it answers with.

The answer is built by `script_import.preview_document`; these serializers describe it for the OpenAPI schema.
"""

from rest_framework import serializers

from scheduling.models import MAX_MINUTES_PER_PAGE
from scheduling.script_import import ACTIONS


class ScriptQuerySerializer(serializers.Serializer):
    apply = serializers.BooleanField(default=False, help_text="Write the import; without it, only the preview.")
    minutes_per_page = serializers.IntegerField(
        min_value=1, max_value=MAX_MINUTES_PER_PAGE, required=False,
        help_text="Shoot minutes per script page for this import; the production's setting when left out.",
    )


class ScriptAppliedSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The import record.")
    at = serializers.DateTimeField()
    by = serializers.CharField(allow_null=True, help_text="Who applied it; null from the command line.")


class ScriptTitlePageSerializer(serializers.Serializer):
    title = serializers.CharField(allow_blank=True)
    draft_date = serializers.CharField(allow_blank=True)
    revision = serializers.CharField(allow_blank=True, help_text="The revision colour or name, as the title page has it.")
    format = serializers.ChoiceField(choices=["fountain", "fdx"])
    filename = serializers.CharField(allow_blank=True)
    scenes = serializers.IntegerField(help_text="Scene headings in the script.")


class ScriptChangeSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=["heading", "length", "minutes", "modules", "cast", "omitted"])
    before = serializers.CharField()
    after = serializers.CharField()


class ScriptScenePlanSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=list(ACTIONS), help_text=(
        "new: made from the script; linked: a scene without a script number, matched by code; changed or "
        "unchanged: a scene of an earlier import; omitted: not in this script, kept out of scheduling; kept: "
        "marked shot, never changed."
    ))
    code = serializers.CharField()
    number = serializers.CharField(help_text="The script's scene number.")
    heading = serializers.CharField(allow_blank=True)
    where = serializers.CharField(allow_blank=True, help_text='Where the heading is: "line 42" or "paragraph 17"; empty when omitted.')
    title = serializers.CharField(allow_blank=True)
    eighths = serializers.IntegerField(allow_null=True)
    pages = serializers.CharField(help_text='The length as written: "1 3/8".')
    minutes = serializers.IntegerField()
    people = serializers.ListField(child=serializers.CharField())
    modules = serializers.ListField(child=serializers.CharField())
    changes = ScriptChangeSerializer(many=True)
    published = serializers.IntegerField(
        allow_null=True, help_text="The current schedule version whose shoot of this scene is marked changed."
    )
    note = serializers.CharField(allow_blank=True)


def _listing(name: str, what: str) -> type[serializers.Serializer]:
    return type(f"Script{name.title().replace('_', '')}Serializer", (serializers.Serializer,), {
        name: serializers.CharField(help_text=what),
        "scenes": serializers.ListField(child=serializers.CharField()),
        "message": serializers.CharField(),
    })


class ScriptImportSerializer(serializers.Serializer):
    production = serializers.CharField()
    applied = ScriptAppliedSerializer(allow_null=True, help_text="The import's record once applied; null for a preview.")
    script = ScriptTitlePageSerializer()
    minutes_per_page = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField(), help_text="Scenes by action.")
    scenes = ScriptScenePlanSerializer(many=True, help_text="In script order, then the omitted scenes.")
    uncast = _listing("character", "A character who speaks on screen but whom the casting names no one for.")(many=True)
    unmatched_locations = _listing("location", "A heading's location that names no module: every module allowed.")(many=True)
    story_times = _listing("story_time", "DAY, NIGHT...: the story's time, which sets no orbital light.")(many=True)
    warnings = serializers.ListField(child=serializers.CharField())
