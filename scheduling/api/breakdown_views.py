"""API views for a production's breakdown: its elements (props, wardrobe, cameras...) and its casting.

Thin, like the scene views: bodies are production-file entries, written through `breakdown_services`, which
check them with the production file's rules against the whole production; the read-only `scenes` of an
element's GET is ignored on writes, so a GET body can be PUT back.
"""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from scheduling.breakdown_selectors import casting_entries, element_entry, element_visible, elements_listing
from scheduling.breakdown_services import casting_replace, element_delete, element_save
from scheduling.models import Element
from scheduling.production_file import ProductionFileError

from .breakdown_serializers import CastingEntrySerializer, ElementEntrySerializer, ElementSerializer
from .filters import ElementFilter
from .renderers import BoundedJSONParser
from .schema import READ_ERRORS, WRITE_ERRORS, responses
from .views import ProductionEntryList, ProductionScoped, entry_list_schema

ELEMENT_STATE_KEYS = ("scenes",)  # what an element's GET adds to its file entry; ignored on writes
ELEMENT_WRITE_NOTE = (
    "The body is a production file's `elements` entry (`code`, `name`, `category`, `quantity`), checked with the "
    "production file's rules against the whole production: errors name their path within the element "
    "(`category: must be ...`), or the scene a change breaks (`scenes[4].elements[0].count: 2 of \"cam-a\", but the "
    "production has 1`)."
)


def _element_entry_from_body(body) -> dict:
    if not isinstance(body, dict):
        raise ProductionFileError(f"must be a JSON object (a production file's element), got {type(body).__name__}", path="body")
    return {key: value for key, value in body.items() if key not in ELEMENT_STATE_KEYS}


@entry_list_schema("element", ElementSerializer, ElementEntrySerializer, ELEMENT_WRITE_NOTE)
class ElementListView(ProductionEntryList):
    serializer_class = ElementSerializer
    filterset_class = ElementFilter
    queryset = Element.objects.none()
    write_permissions = {"POST": ("scheduling.add_element",)}

    def production_queryset(self):
        return elements_listing(production=self.production)

    def add(self, body) -> str:
        return element_save(production=self.production, entry=_element_entry_from_body(body)).code

    def one(self, code: str):
        return element_visible(production=self.production, code=code)


class ElementDetailView(ProductionScoped, APIView):
    parser_classes = [BoundedJSONParser]
    write_permissions = {
        "PUT": ("scheduling.change_element",), "PATCH": ("scheduling.change_element",),
        "DELETE": ("scheduling.delete_element",),
    }

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.element = element_visible(production=self.production, code=kwargs["element"])
        if self.element is None:
            raise Http404(f'no element "{kwargs["element"]}" in production {self.production.code}')

    @extend_schema(summary="Get an element", responses=responses({200: ElementSerializer}, *READ_ERRORS))
    def get(self, request, code, element):
        return Response(ElementSerializer(self.element).data)

    def element_response(self, code: str) -> Response:
        return Response(ElementSerializer(element_visible(production=self.production, code=code)).data)

    @extend_schema(
        summary="Replace an element", description=ELEMENT_WRITE_NOTE + " Without `code`, the element keeps its code; "
        "a new code is followed in every scene that lists it.",
        request=ElementEntrySerializer, responses=responses({200: ElementSerializer}, *WRITE_ERRORS),
    )
    def put(self, request, code, element):
        entry = {"code": self.element.code, **_element_entry_from_body(request.data)}
        return self.element_response(element_save(production=self.production, entry=entry, code=self.element.code).code)

    @extend_schema(
        summary="Change some of an element's fields", description=ELEMENT_WRITE_NOTE,
        request=ElementEntrySerializer(partial=True), responses=responses({200: ElementSerializer}, *WRITE_ERRORS),
    )
    def patch(self, request, code, element):
        entry = {**element_entry(element=self.element), **_element_entry_from_body(request.data)}
        return self.element_response(element_save(production=self.production, entry=entry, code=self.element.code).code)

    @extend_schema(
        summary="Delete an element",
        description="Refused (409) while scenes list it; the message names them.",
        responses=responses({204: None}, 401, 403, 404, 409, 429),
    )
    def delete(self, request, code, element):
        element_delete(element=self.element)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CastingView(ProductionScoped, APIView):
    parser_classes = [BoundedJSONParser]
    write_permissions = {"PUT": ("scheduling.add_casting", "scheduling.change_casting", "scheduling.delete_casting")}

    @extend_schema(
        summary="Get the casting",
        description="Who plays which script character, as the production file's `casting` list; an entry's place in "
        "the list is its cast number (1, 2, ...).",
        responses=responses({200: CastingEntrySerializer(many=True)}, *READ_ERRORS),
    )
    def get(self, request, code):
        return Response(casting_entries(production=self.production))

    @extend_schema(
        summary="Replace the casting",
        description="The body is the whole `casting` list (`[{\"character\": \"ZHENYA\", \"person\": \"peresild\"}]`), "
        "checked with the production file's rules: each character once, each person one of the production's people. "
        "Errors name their place in the list (`[1].person: unknown person \"x\"`).",
        request=CastingEntrySerializer(many=True),
        responses=responses({200: OpenApiResponse(CastingEntrySerializer(many=True), description="The new casting.")}, *WRITE_ERRORS),
    )
    def put(self, request, code):
        casting_replace(production=self.production, entries=request.data)
        return Response(casting_entries(production=self.production))
