"""The media the Cloud API takes, as Meta documents them ("Supported media types" in the Cloud
API reference, Media): the MIME types per kind and their size limits. Anything else is
refused at upload; an image message must name image media, a document message a document."""

from __future__ import annotations

from .errors import GraphError

KINDS: dict[str, frozenset[str]] = {
    "image": frozenset({"image/jpeg", "image/png"}),
    "document": frozenset(
        {
            "text/plain",
            "application/pdf",
            "application/vnd.ms-powerpoint",
            "application/msword",
            "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    ),
    "audio": frozenset({"audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"}),
    "video": frozenset({"video/mp4", "video/3gp"}),
    "sticker": frozenset({"image/webp"}),
}
MAX_BYTES = {
    "image": 5 * 1024 * 1024,
    "document": 100 * 1024 * 1024,
    "audio": 16 * 1024 * 1024,
    "video": 16 * 1024 * 1024,
    "sticker": 500 * 1024,
}
# The first bytes of an image of each type: a file that is not what its type says is refused.
SIGNATURES = {"image/png": b"\x89PNG\r\n\x1a\n", "image/jpeg": b"\xff\xd8\xff"}
# "Images must be 8-bit, RGB or RGBA": a PNG's bit depth and colour type (truecolour, +alpha).
PNG_8BIT_RGB = {(b"\x08", b"\x02"), (b"\x08", b"\x06")}


def kind_of(mime_type: str) -> str | None:
    return next((kind for kind, types in KINDS.items() if mime_type in types), None)


def check_upload(mime_type: str, content: bytes) -> None:
    """GraphError unless the Cloud API takes this file as uploaded media."""
    kind = kind_of(mime_type)
    if kind is None:
        raise GraphError(131053, f"Media upload error: unsupported media type {mime_type}")
    if not content:
        raise GraphError(131053, "Media upload error: the file is empty")
    if len(content) > MAX_BYTES[kind]:
        raise GraphError(131053, f"Media upload error: {kind} larger than {MAX_BYTES[kind]} bytes")
    signature = SIGNATURES.get(mime_type)
    if signature is not None and not content.startswith(signature):
        raise GraphError(131053, f"Media upload error: the file is not {mime_type}")
    if mime_type == "image/png" and (content[24:25], content[25:26]) not in PNG_8BIT_RGB:
        raise GraphError(131053, "Media upload error: images must be 8-bit RGB or RGBA")


def check_sent(message_type: str, mime_type: str) -> None:
    """An uploaded medium sent as `message_type` must be of that kind."""
    if kind_of(mime_type) != message_type:
        raise GraphError(131009, f"media: a {mime_type} file cannot be sent as {message_type}")
