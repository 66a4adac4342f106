"""Helpers shared by the request tests: images and a filed request."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from grids.actions.requests import submit_request
from grids.models import RequestCategory


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, "blue")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (34.0, 24.0, 36.0), 3: "E", 4: (115.0, 39.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def file_request(area, *, description="楼道里堆满了杂物", category="corridor-clutter", **extra):
    return submit_request(
        area=area,
        category=RequestCategory.objects.get(code=category),
        description=description,
        **extra,
    )
