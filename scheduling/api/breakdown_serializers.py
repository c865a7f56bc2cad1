"""Shapes of a production's breakdown in the API: elements and the casting, as production files write them.

Request bodies are checked by the production file's rules (`breakdown_services`), not here: these serializers
describe the shapes for the OpenAPI schema and write the answers.
"""

from rest_framework import serializers

from scheduling.breakdown_selectors import element_entry
from scheduling.production_file.additions import NAME_LENGTH
from scheduling.scene_fields import CODE_LENGTH, ELEMENT_CATEGORIES, MAX_INT


class ElementEntrySerializer(serializers.Serializer):
    """A production file's `elements` entry (request bodies)."""

    code = serializers.CharField(max_length=CODE_LENGTH, help_text='Letters, digits, "-" and "_"; unique in the production.')
    name = serializers.CharField(max_length=NAME_LENGTH, allow_blank=True, required=False)
    category = serializers.ChoiceField(choices=list(ELEMENT_CATEGORIES), required=False, help_text='"other" when left out.')
    quantity = serializers.IntegerField(
        min_value=1, max_value=MAX_INT, allow_null=True, required=False,
        help_text="How many there are: no more shoots use it at once. Null: tracked, never limiting the schedule.",
    )


class ElementUseSerializer(serializers.Serializer):
    scene = serializers.CharField(help_text="A scene code.")
    count = serializers.IntegerField(help_text="How many of the element the scene's shoot uses.")


class ElementSerializer(ElementEntrySerializer):
    """The element's file entry plus the scenes that list it (read-only: ignored on writes)."""

    scenes = ElementUseSerializer(many=True, help_text="The scenes that list it, in stripboard order.")

    def to_representation(self, element) -> dict:
        uses = [{"scene": link.scene.code, "count": link.count} for link in element.uses]
        return {**element_entry(element=element), "scenes": uses}


class CastingEntrySerializer(serializers.Serializer):
    """One entry of a production file's `casting`: who plays a script character."""

    character = serializers.CharField(max_length=CODE_LENGTH, help_text="As the script names them, e.g. ZHENYA; each once.")
    person = serializers.CharField(max_length=CODE_LENGTH, help_text="A person code of the production's people.")
