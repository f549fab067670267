from rest_framework import status

from .messages import ERROR_MESSAGES


class TwoFactorError(Exception):
    """A refusal with one of the contract's machine codes; views turn it into a response."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, code: str, **extra: object) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra

    @property
    def detail(self) -> str:
        return str(ERROR_MESSAGES[self.code])
