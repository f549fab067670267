"""QR codes as SVG data URIs: drawn by qrcode's SVG factory, so Pillow is not needed."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_code_data_uri(text: str) -> str:
    # On its own white square with the standard 4-module margin: a dark page around a
    # transparent code would leave a scanner no light border to find it by.
    image = qrcode.make(
        text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=4
    )
    buffer = io.BytesIO()
    image.save(buffer)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
