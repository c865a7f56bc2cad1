"""API views for a production's places, the points on Earth its orbit-aware scenes look at or link to.

The body of a write is a production-file place object, checked with the production file's rules against the
whole production (`place_services`); errors name their path within the place. Changing places needs the
permission to change the production they belong to.
"""

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from scheduling.models import Place
from scheduling.place_services import place_delete, place_save
from scheduling.production_file import ProductionFileError

from .renderers import BoundedJSONParser
from .schema import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS, responses
from .views import ProductionScoped

WRITE_NOTE = (
    "The body is a production-file place object, checked with the production file's rules against the whole "
    "production; errors name their path within the place (`lat: must be from -90 to 90, got 91`)."
)
CHANGE_PRODUCTION = ("scheduling.change_production",)


class PlaceSerializer(serializers.ModelSerializer):
    """A place as the production file writes it. Describes the shape; the production file's checker judges it."""

    min_elevation = serializers.FloatField(
        required=False, help_text="Degrees above the place's horizon from which the station counts as in view (default 10)."
    )

    class Meta:
        model = Place
        fields = ["code", "name", "lat", "lon", "min_elevation"]


def place_entry(place: Place) -> dict:
    return {"code": place.code, "name": place.name, "lat": place.lat, "lon": place.lon, "min_elevation": place.min_elevation}


def place_entry_from_body(body) -> dict:
    if not isinstance(body, dict):
        raise ProductionFileError(f"must be a JSON object (a production-file place), got {type(body).__name__}", path="body")
    return body


@extend_schema_view(
    get=extend_schema(summary="List places", responses=responses({200: PlaceSerializer(many=True)}, *LIST_ERRORS)),
    post=extend_schema(
        summary="Add a place", description=WRITE_NOTE, request=PlaceSerializer,
        responses=responses({201: PlaceSerializer}, *WRITE_ERRORS),
    ),
)
class PlaceListView(ProductionScoped, generics.ListAPIView):
    serializer_class = PlaceSerializer
    parser_classes = [BoundedJSONParser]
    queryset = Place.objects.none()
    write_permissions = {"POST": CHANGE_PRODUCTION}

    def production_queryset(self):
        return self.production.places.order_by("position", "id")

    def post(self, request, code):
        place = place_save(production=self.production, entry=place_entry_from_body(request.data))
        return Response(PlaceSerializer(place).data, status=status.HTTP_201_CREATED)


class PlaceDetailView(ProductionScoped, APIView):
    parser_classes = [BoundedJSONParser]
    write_permissions = {"PUT": CHANGE_PRODUCTION, "PATCH": CHANGE_PRODUCTION, "DELETE": CHANGE_PRODUCTION}

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.place = self.production.places.filter(code=kwargs["place"]).first()
        if self.place is None:
            raise Http404(f'no place "{kwargs["place"]}" in production {self.production.code}')

    @extend_schema(summary="Get a place", responses=responses({200: PlaceSerializer}, *READ_ERRORS))
    def get(self, request, code, place):
        return Response(PlaceSerializer(self.place).data)

    @extend_schema(
        summary="Replace a place", description=WRITE_NOTE + " Without `code`, the place keeps its code; a new code "
        "is followed by the scenes that name the place.",
        request=PlaceSerializer, responses=responses({200: PlaceSerializer}, *WRITE_ERRORS),
    )
    def put(self, request, code, place):
        entry = {"code": self.place.code, **place_entry_from_body(request.data)}
        return Response(PlaceSerializer(place_save(production=self.production, entry=entry, code=self.place.code)).data)

    @extend_schema(
        summary="Change some of a place's fields", description=WRITE_NOTE,
        request=PlaceSerializer(partial=True), responses=responses({200: PlaceSerializer}, *WRITE_ERRORS),
    )
    def patch(self, request, code, place):
        entry = {**place_entry(self.place), **place_entry_from_body(request.data)}
        return Response(PlaceSerializer(place_save(production=self.production, entry=entry, code=self.place.code)).data)

    @extend_schema(
        summary="Delete a place", description="Refused (409) while scenes look at it (`over`) or link to it (`link`).",
        responses=responses({204: None}, 401, 403, 404, 409, 429),
    )
    def delete(self, request, code, place):
        place_delete(place=self.place)
        return Response(status=status.HTTP_204_NO_CONTENT)
