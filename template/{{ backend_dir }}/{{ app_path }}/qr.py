"""QR codes as SVG data URIs: drawn by qrcode's SVG factory, so Pillow is not needed."""

import base64
import io

import qrcode
import qrcode.image.svg


def qr_code_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    encoded = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"data:image/svg+xml;base64,{encoded}"
