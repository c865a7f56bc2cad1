"""Importing a screenplay over the API: the file as the request body (or multipart `file`), the preview by
default, the import with `?apply=true` (see docs/screenplay-import.md)."""

from django.utils.http import parse_header_parameters
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from scheduling.screenplay.limits import MAX_SCRIPT_BYTES
from scheduling.script_import import APPLY_PERMISSIONS, TOO_LARGE, preview_document, script_apply, script_preview

from .schema import responses
from .script_serializers import ScriptImportSerializer, ScriptQuerySerializer
from .views import ProductionScoped



class ScriptFileParser(BaseParser):
    """The body as the screenplay file's bytes, unread by anything but the screenplay reader."""

    media_type = "application/octet-stream"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        body = stream.read(MAX_SCRIPT_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_SCRIPT_BYTES:
            raise ParseError(f"file: {TOO_LARGE}")
        return body


class FountainTextParser(ScriptFileParser):
    media_type = "text/plain"


class FinalDraftXMLParser(ScriptFileParser):
    media_type = "application/xml"


class FinalDraftTextXMLParser(ScriptFileParser):
    media_type = "text/xml"


BINARY_FILE = {"type": "string", "format": "binary"}


class ScriptImportView(ProductionScoped, APIView):
    """Import a screenplay into the production: Fountain (text/plain) or Final Draft (application/xml), as the
    body or as the multipart field `file`; `application/octet-stream` works for either, since the content tells
    them apart. Without `?apply=true` the answer is the preview and nothing is written; with it, the import is
    applied all or nothing (201 when it made new scenes, 200 when it only changed or omitted some). A file the
    reader refuses, or an import the production file's rules refuse, is a 400 naming the line or paragraph."""

    parser_classes = [ScriptFileParser, FountainTextParser, FinalDraftXMLParser, FinalDraftTextXMLParser, MultiPartParser]
    write_permissions = {"POST": APPLY_PERMISSIONS}  # a preview too, as for a .uss import: it is a step of the write

    @extend_schema(
        summary="Preview or apply a screenplay import",
        parameters=[
            OpenApiParameter("apply", bool, description="Write the import (default: only preview it)."),
            OpenApiParameter("minutes_per_page", int, description="Shoot minutes per page for this import (default: the production's)."),
        ],
        request={
            "text/plain": BINARY_FILE, "application/xml": BINARY_FILE, "text/xml": BINARY_FILE,
            "application/octet-stream": BINARY_FILE,
            "multipart/form-data": {"type": "object", "properties": {"file": BINARY_FILE}, "required": ["file"]},
        },
        responses=responses(
            {200: OpenApiResponse(ScriptImportSerializer, description="The preview, or an applied import that made no new scenes."),
             201: OpenApiResponse(ScriptImportSerializer, description="Applied; new scenes were made.")},
            400, 401, 403, 404, 415, 429,
        ),
    )
    def post(self, request, code):
        query = ScriptQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        apply, minutes_per_page = query.validated_data["apply"], query.validated_data.get("minutes_per_page")
        data, filename = _script_upload(request)
        if not apply:
            preview = script_preview(production=self.production, data=data, filename=filename, minutes_per_page=minutes_per_page)
            return Response(preview_document(preview))
        done = script_apply(
            production=self.production, data=data, filename=filename, minutes_per_page=minutes_per_page, user=request.user,
        )
        return Response(preview_document(done), status=status.HTTP_201_CREATED if done.counts["new"] else status.HTTP_200_OK)


def _script_upload(request) -> tuple[bytes, str]:
    """The file's bytes and its name (from the upload, or the body's Content-Disposition), which only names it
    in messages."""
    if request.content_type.startswith("multipart/form-data"):
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ['attach the screenplay in the form field "file"']})
        if upload.size > MAX_SCRIPT_BYTES:
            raise serializers.ValidationError({"file": [TOO_LARGE]})
        return upload.read(), upload.name or ""
    body = request.data if isinstance(request.data, bytes) else b""
    _, parameters = parse_header_parameters(request.headers.get("Content-Disposition", ""))
    return body, parameters.get("filename", "")
