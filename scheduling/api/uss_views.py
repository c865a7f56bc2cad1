"""The production's breakdown and schedule as a Universal Schedule Standard (.uss) file, and .uss breakdowns
imported into it (docs/uss.md)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from scheduling.uss import EXTENSION, MINUTES_PER_PAGE
from scheduling.uss.parse import MAX_BYTES
from scheduling.uss.selectors import uss_export
from scheduling.uss.services import uss_import

from .renderers import ProductionFileParser
from .schema import READ_ERRORS, WRITE_ERRORS, responses
from .views import ProductionScoped, _production_file_upload


class UssFileParser(ProductionFileParser):
    """The body unparsed, for the .uss reader to check whole."""

    limit = MAX_BYTES


class UssExportQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False, help_text="Schedule version (default: the current one).")


class UssImportQuerySerializer(serializers.Serializer):
    apply = serializers.BooleanField(default=False, help_text="Write the import; without it the answer is a preview.")
    minutes_per_page = serializers.IntegerField(
        min_value=1, max_value=24 * 60, default=MINUTES_PER_PAGE,
        help_text="Shoot minutes per script page, for breakdowns with pages but no duration.",
    )


class UssImportSerializer(serializers.Serializer):
    production = serializers.CharField()
    file = serializers.CharField(help_text="The .uss file's name (or project).")
    source = serializers.CharField(help_text="The tool that wrote it.")
    applied = serializers.BooleanField(help_text="Written; false for a preview, which writes nothing.")
    scenes_added = serializers.ListField(child=serializers.CharField())
    scenes_changed = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), help_text="Scene code: the fields the import changes."
    )
    scenes_unchanged = serializers.IntegerField()
    elements_added = serializers.ListField(child=serializers.CharField())
    elements_changed = serializers.ListField(child=serializers.CharField())
    casting_added = serializers.ListField(child=serializers.CharField(), help_text='"CHARACTER: person".')
    casting_changed = serializers.ListField(child=serializers.CharField(), help_text='"CHARACTER: was → now".')
    dropped = serializers.ListField(
        child=serializers.CharField(), help_text="What the file holds that the production does not keep, and why."
    )


class UssView(ProductionScoped, APIView):
    renderer_classes = [JSONRenderer]
    parser_classes = [UssFileParser, MultiPartParser]
    write_permissions = {"POST": ("scheduling.add_scene", "scheduling.change_scene")}

    @extend_schema(
        summary="Export the breakdown and schedule as a .uss file",
        description="Universal Schedule Standard 1.0.0: scenes as breakdowns with their elements and cast, the "
        "schedule version's days as day breaks on a stripboard. Downloads as `<code>.uss`.",
        parameters=[UssExportQuerySerializer],
        responses=responses({200: OpenApiResponse(OpenApiTypes.OBJECT, description="A .uss document.")}, 400, *READ_ERRORS),
    )
    def get(self, request, code):
        query = UssExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        number = query.validated_data.get("version")
        if number is not None and not self.production.schedule_versions.filter(number=number).exists():
            raise NotFound(f"version: production {self.production.code} has no version {number}")
        document = uss_export(production=self.production, number=number)
        disposition = f'attachment; filename="{self.production.code}.{EXTENSION}"'
        return Response(document, headers={"Content-Disposition": disposition})

    @extend_schema(
        summary="Import a .uss breakdown",
        description="The file's scenes, elements and cast merged into the production and checked with every rule "
        "of the production file; a problem is a 400 naming its path in the .uss file, and nothing is written. "
        "Without `?apply=true` the answer is a preview and nothing is written either.",
        parameters=[UssImportQuerySerializer],
        request={
            "application/json": OpenApiTypes.OBJECT,
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]},
        },
        responses=responses({200: UssImportSerializer}, *WRITE_ERRORS, 415),
    )
    def post(self, request, code):
        query = UssImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data, _ = _production_file_upload(request)
        result = uss_import(
            production=self.production, data=data, apply=query.validated_data["apply"],
            minutes_per_page=query.validated_data["minutes_per_page"],
        )
        return Response(result.as_dict())
