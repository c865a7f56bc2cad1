"""Export formats as DRF renderers, chosen by `?format=` or the Accept header; and the raw production-file parser.

The schedule renders as JSON (`orbitfilm/schedule@1`), CSV (`?format=csv`, text/csv) or iCalendar
(`?format=ics`, text/calendar); a production file as JSON or YAML (`?format=yaml`). `export_only` renderers
render documents only: errors are JSON whatever was asked for (see `errors.exception_handler`).
"""

from rest_framework.exceptions import NotFound, ParseError
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.renderers import BaseRenderer

from core.payloads import JSONRefused, json_bounded_loads

from scheduling.exports import schedule_csv, schedule_ical
from scheduling.production_file import production_document_dump


class _ExportRenderer(BaseRenderer):
    """A document in one export format, written by `dump` (text, sent as UTF-8, or bytes)."""

    charset = "utf-8"
    export_only = True

    def dump(self, data) -> str | bytes:
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        exported = self.dump(data)
        return exported.encode("utf-8") if isinstance(exported, str) else exported


class ScheduleCSVRenderer(_ExportRenderer):
    media_type, format = "text/csv", "csv"

    def dump(self, data) -> str:
        return schedule_csv(data)


class ScheduleICalendarRenderer(_ExportRenderer):
    media_type, format = "text/calendar", "ics"

    def dump(self, data) -> bytes:
        return schedule_ical(data)


class ProductionYAMLRenderer(_ExportRenderer):
    media_type, format = "application/yaml", "yaml"

    def dump(self, data) -> str:
        return production_document_dump(data, fmt="yaml")


class ProductionFileParser(BaseParser):
    """Hands the body over unparsed, so a production file is decoded and checked exactly as the command line
    does it (`production_file.production_file_parse`), with the same error messages."""

    media_type = "application/json"
    limit = 20 * 2**20  # bytes; a 2,000-scene production file is about 1 MiB

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        body = stream.read(self.limit + 1) if stream is not None else b""
        if len(body) > self.limit:
            raise ParseError(f"file: larger than {self.limit // 2**20} MiB")
        return body


class BoundedJSONParser(JSONParser):
    """JSON request bodies (scenes, pins, station data, solve requests) with the bounds every body gets: at
    most `limit` bytes and `core.payloads.MAX_DEPTH` levels of nesting, refused before parsing."""

    limit = 2**20

    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read(self.limit + 1) if stream is not None else b""
        if len(body) > self.limit:
            raise ParseError(f"body: larger than {self.limit // 2**10} KiB")
        try:
            return json_bounded_loads(body)
        except JSONRefused as refused:
            # bodies have always quoted the decoder's own words for malformed JSON
            detail = f"malformed JSON: {refused.cause}" if refused.kind == "syntax" else refused.message
            raise ParseError(f"body: {detail}") from None


class ProductionFileYAMLParser(ProductionFileParser):
    media_type = "application/yaml"


class ProductionFileTextYAMLParser(ProductionFileParser):
    media_type = "text/yaml"


class AcceptAnything(BaseContentNegotiation):
    """For URLs whose answer has one format whatever the client asks (calendar apps send odd Accept headers)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class FormatNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, with a 404 that says which formats there are when `?format=` names another."""

    def filter_renderers(self, renderers, format):
        chosen = [renderer for renderer in renderers if renderer.format == format]
        if not chosen:
            offered = ", ".join(sorted({renderer.format for renderer in renderers if renderer.format != "api"}))
            raise NotFound(f'format: no format "{format}" here; choose {offered}')
        return chosen
