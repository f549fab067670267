from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class TwoFactorJSONParser(JSONParser):
    """DRF's JSON parser; a document nested too deeply for Python is a 400, not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the document is nested too deeply.") from None
