"""API views for productions: import and export of production files, scenes, pins and shot marks.

Thin: each view checks the request's shape, calls a service or selector, and shapes the answer. Everything
under /productions/{code}/ 404s for a production the user does not direct (see `permissions`). Solve runs,
schedule versions and exports are in `schedule_views`.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from scheduling.access import production_write_check
from scheduling.models import Production, Scene
from scheduling.selectors import production_document, scene_entry
from scheduling.services import NothingToFreeze, pin_clear, pin_set, scene_delete, scene_mark_shot, scene_save

from . import selectors
from .errors import Conflict
from .filters import ProductionFilter, SceneFilter
from .permissions import ProductionWrites
from .renderers import BoundedJSONParser, ProductionFileParser, ProductionFileTextYAMLParser, ProductionFileYAMLParser, ProductionYAMLRenderer
from .schema import LIST_ERRORS, READ_ERRORS, REPLACE_PARAMETER, WRITE_ERRORS, responses
from .serializers import (
    ImportQuerySerializer,
    ImportResultSerializer,
    PinSerializer,
    ProductionDocumentSerializer,
    ProductionSerializer,
    SceneEntrySerializer,
    SceneSerializer,
)
from .services import production_delete, production_import_for_user, scene_entry_from_body, scene_update


class ProductionScoped:
    # A view under /productions/{code}/. The production is looked up after authentication, permission and
    # throttle checks, so whether a code exists is never revealed to those who may not see it; a write then
    # asks the one rule again with the production found (`production_write_check`: NotAllowed is a 403).

    permission_classes = [IsAuthenticated, ProductionWrites]
    write_permissions: dict[str, tuple[str, ...]] = {}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.production = selectors.production_visible(user=request.user, code=kwargs["code"])
        if request.method not in SAFE_METHODS:
            production_write_check(user=request.user, production=self.production, action=self.write_permissions[request.method])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no production
            return self.queryset
        return self.production_queryset()


# --- productions -------------------------------------------------------------------------------------------


@extend_schema_view(get=extend_schema(summary="List your productions", responses=responses({200: ProductionSerializer(many=True)}, *LIST_ERRORS)))
class ProductionListView(generics.ListAPIView):
    serializer_class = ProductionSerializer
    filterset_class = ProductionFilter
    queryset = Production.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return selectors.productions_for_user(user=self.request.user).order_by("code")


class ProductionImportView(APIView):
    """Import a production file (`orbitfilm/production@1`) as JSON, YAML, or a multipart upload in the field
    `file`. Checked whole with the command line's rules: any problem is a 400 naming every bad path, and nothing
    is written. You become the production's director."""

    permission_classes = [IsAuthenticated, ProductionWrites]
    write_permissions = {"POST": ("scheduling.add_production",)}
    parser_classes = [ProductionFileParser, ProductionFileYAMLParser, ProductionFileTextYAMLParser, MultiPartParser]

    @extend_schema(
        summary="Import a production file",
        parameters=[REPLACE_PARAMETER],
        request={
            "application/json": ProductionDocumentSerializer,
            "application/yaml": OpenApiTypes.STR,
            "text/yaml": OpenApiTypes.STR,
            "multipart/form-data": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}, "required": ["file"]},
        },
        responses=responses(
            {201: OpenApiResponse(ImportResultSerializer, description="Imported."),
             200: OpenApiResponse(ImportResultSerializer, description="Replaced an existing production.")},
            400, 401, 403, 415, 429,
        ),
    )
    def post(self, request):
        query = ImportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        replace = query.validated_data["replace"]
        if replace and not request.user.has_perm("scheduling.delete_production"):
            self.permission_denied(request, message="Replacing a production needs the permission to delete one.")
        text, filename = _production_file_upload(request)
        production, report = production_import_for_user(user=request.user, text=text, filename=filename, replace=replace)
        result = {
            "production": ProductionSerializer(selectors.production_visible(user=request.user, code=production.code)).data,
            "replaced": report.replaced,
            "created_station": report.created_station,
            "changes": report.changes,
        }
        return Response(result, status=status.HTTP_200_OK if report.replaced else status.HTTP_201_CREATED)


def _production_file_upload(request) -> tuple[bytes, str]:
    """The file's bytes and a name that tells JSON from YAML."""
    if request.content_type.startswith("multipart/form-data"):
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["attach the production file in the form field \"file\""]})
        if upload.size > ProductionFileParser.limit:
            raise serializers.ValidationError({"file": [f"larger than {ProductionFileParser.limit // 2**20} MiB"]})
        return upload.read(), upload.name or ""
    body = request.data if isinstance(request.data, bytes) else b""
    return body, "upload.yaml" if "yaml" in request.content_type else "upload.json"


class ProductionDetailView(ProductionScoped, APIView):
    write_permissions = {"DELETE": ("scheduling.delete_production",)}

    @extend_schema(summary="Get a production", responses=responses({200: ProductionSerializer}, *READ_ERRORS))
    def get(self, request, code):
        return Response(ProductionSerializer(self.production).data)

    @extend_schema(
        summary="Delete a production", description="With its scenes, pins, solve runs and schedule versions.",
        responses=responses({204: None}, 401, 403, 404, 429),
    )
    def delete(self, request, code):
        production_delete(production=self.production)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProductionFileView(ProductionScoped, APIView):
    renderer_classes = [JSONRenderer, ProductionYAMLRenderer]
    metadata_class = None  # an OPTIONS description has no YAML production-file form

    @extend_schema(
        summary="Export the production file",
        description="`orbitfilm/production@1`, as JSON or (with `?format=yaml`) YAML; it imports back unchanged.",
        responses=responses(
            {(200, "application/json"): ProductionDocumentSerializer, (200, "application/yaml"): ProductionDocumentSerializer},
            *READ_ERRORS,
        ),
    )
    def get(self, request, code):
        return Response(production_document(production=self.production))


# --- scenes, pins, shot marks ------------------------------------------------------------------------------

SCENE_WRITE_NOTE = (
    "The body is a production-file scene object, checked with the production file's rules against the whole "
    "production; errors name their path within the scene (`people[1]: unknown person \"x\"`). The read-only "
    "`shot`, `pin` and `shoot` of a GET are ignored."
)


class ProductionEntryList(ProductionScoped, generics.ListAPIView):
    """A list of a production's file entries (scenes, elements): GET lists them, POST adds one through `add`
    (which checks it with the production file's rules and gives its code) and answers with it as `one` reads it."""

    parser_classes = [BoundedJSONParser]

    def add(self, body) -> str:
        raise NotImplementedError

    def one(self, code: str):
        raise NotImplementedError

    def post(self, request, code):
        return Response(self.serializer_class(self.one(self.add(request.data))).data, status=status.HTTP_201_CREATED)


def entry_list_schema(noun: str, serializer, entry_serializer, note: str):
    """The OpenAPI description of a `ProductionEntryList` of `noun`s ("scene", "element")."""
    article = "an" if noun[0] in "aeiou" else "a"
    return extend_schema_view(
        get=extend_schema(summary=f"List {noun}s", responses=responses({200: serializer(many=True)}, *LIST_ERRORS)),
        post=extend_schema(
            summary=f"Add {article} {noun}", description=note, request=entry_serializer,
            responses=responses({201: serializer}, *WRITE_ERRORS),
        ),
    )


@entry_list_schema("scene", SceneSerializer, SceneEntrySerializer, SCENE_WRITE_NOTE)
class SceneListView(ProductionEntryList):
    serializer_class = SceneSerializer
    filterset_class = SceneFilter
    queryset = Scene.objects.none()
    write_permissions = {"POST": ("scheduling.add_scene",)}

    def production_queryset(self):
        return selectors.scenes_listing(production=self.production)

    def add(self, body) -> str:
        return scene_save(production=self.production, entry=scene_entry_from_body(body)).code

    def one(self, code: str):
        return selectors.scene_visible(production=self.production, code=code)


class SceneScoped(ProductionScoped):
    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.scene = selectors.scene_visible(production=self.production, code=kwargs["scene"])

    def scene_response(self, code: str, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(SceneSerializer(selectors.scene_visible(production=self.production, code=code)).data, status=status_code)


class SceneDetailView(SceneScoped, APIView):
    parser_classes = [BoundedJSONParser]
    write_permissions = {
        "PUT": ("scheduling.change_scene",), "PATCH": ("scheduling.change_scene",), "DELETE": ("scheduling.delete_scene",),
    }

    @extend_schema(summary="Get a scene", responses=responses({200: SceneSerializer}, *READ_ERRORS))
    def get(self, request, code, scene):
        return Response(SceneSerializer(self.scene).data)

    @extend_schema(
        summary="Replace a scene", description=SCENE_WRITE_NOTE + " Without `code`, the scene keeps its code.",
        request=SceneEntrySerializer, responses=responses({200: SceneSerializer}, *WRITE_ERRORS),
    )
    def put(self, request, code, scene):
        saved = scene_update(production=self.production, code=self.scene.code, entry=scene_entry_from_body(request.data))
        return self.scene_response(saved.code)

    @extend_schema(
        summary="Change some of a scene's fields", description=SCENE_WRITE_NOTE,
        request=SceneEntrySerializer(partial=True), responses=responses({200: SceneSerializer}, *WRITE_ERRORS),
    )
    def patch(self, request, code, scene):
        saved = scene_update(
            production=self.production, code=self.scene.code, entry=scene_entry_from_body(request.data),
            base=scene_entry(scene=self.scene),
        )
        return self.scene_response(saved.code)

    @extend_schema(
        summary="Delete a scene",
        description="Refused (409) while other scenes come after it. Its shoots leave the published versions too.",
        responses=responses({204: None}, 401, 403, 404, 409, 429),
    )
    def delete(self, request, code, scene):
        scene_delete(scene=self.scene)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ScenePinView(SceneScoped, APIView):
    parser_classes = [BoundedJSONParser]
    write_permissions = {"PUT": ("scheduling.add_pin", "scheduling.change_pin"), "DELETE": ("scheduling.delete_pin",)}

    @extend_schema(
        summary="Pin a scene's shoot", description="The scene is then scheduled exactly here. Checked like a file's `pinned` entry.",
        request=PinSerializer, responses=responses({200: PinSerializer}, *WRITE_ERRORS),
    )
    def put(self, request, code, scene):
        placement = PinSerializer(data=request.data)
        placement.is_valid(raise_exception=True)
        pin = pin_set(
            scene=self.scene, start=placement.validated_data["start"], module_code=placement.validated_data["module"]["code"]
        )
        return Response(PinSerializer(pin).data)

    @extend_schema(summary="Unpin a scene", responses=responses({204: None}, 401, 403, 404, 429))
    def delete(self, request, code, scene):
        pin_clear(scene=self.scene)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SceneShotView(SceneScoped, APIView):
    write_permissions = {"POST": ("scheduling.change_scene",), "DELETE": ("scheduling.change_scene",)}

    @extend_schema(
        summary="Mark a scene shot",
        description="Freezes it where the current schedule has it; 409 when the current schedule has no shoot for it.",
        request=None, responses=responses({200: SceneSerializer}, 401, 403, 404, 409, 429),
    )
    def post(self, request, code, scene):
        try:
            scene_mark_shot(scene=self.scene, shot=True)
        except NothingToFreeze as error:
            raise Conflict(error.message) from None
        return self.scene_response(self.scene.code)

    @extend_schema(summary="Mark a scene not shot", request=None, responses=responses({200: SceneSerializer}, 401, 403, 404, 429))
    def delete(self, request, code, scene):
        scene_mark_shot(scene=self.scene, shot=False)
        return self.scene_response(self.scene.code)
