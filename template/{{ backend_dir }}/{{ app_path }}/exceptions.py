from rest_framework import status

from .messages import ERROR_MESSAGES


class TwoFactorError(Exception):
    """A refusal with one of the contract's machine codes; views turn it into a response.

    ``extra`` goes into the body beside ``detail`` and ``code`` (``attempts_remaining``);
    ``retry_after`` (seconds) becomes the Retry-After header; ``params`` fill the
    message's ``%(name)s`` placeholders.
    """

    def __init__(
        self,
        code: str,
        *,
        status_code: int = status.HTTP_400_BAD_REQUEST,
        retry_after: int | None = None,
        params: dict[str, object] | None = None,
        **extra: object,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.status_code = status_code
        self.retry_after = retry_after
        self.params = params
        self.extra = extra

    @property
    def detail(self) -> str:
        message = str(ERROR_MESSAGES[self.code])
        return message % self.params if self.params else message


def throttled(retry_after: float) -> TwoFactorError:
    return TwoFactorError(
        "throttled",
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        retry_after=max(int(retry_after + 0.999), 1),
    )
