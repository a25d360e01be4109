"""Tests of the operator's logo check: judged by content, bounded, re-encoded, SVG refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, PngImagePlugin

from tourlink.exceptions import InvalidRequestError
from tourlink.proposal.logo import MAX_LOGO_BYTES, STORED_SIDE, Logo, check_logo, sniff
from tourlink.translations import renderer


def _png(size: tuple[int, int] = (120, 40), mode: str = "RGBA", **info: str) -> bytes:
    meta = PngImagePlugin.PngInfo()
    for key, value in info.items():
        meta.add_text(key, value)
    out = io.BytesIO()
    Image.new(mode, size, (30, 90, 140, 100) if mode == "RGBA" else 0).save(
        out, "PNG", pnginfo=meta
    )
    return out.getvalue()


def _jpeg(size: tuple[int, int] = (90, 60), exif_orientation: int | None = None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    if exif_orientation is not None:
        exif[0x0112] = exif_orientation
    exif[0x010E] = "secret description"
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    return struct.pack(">I", len(body)) + kind + body + crc


def _png_header(width: int, height: int) -> bytes:
    """Return a PNG of a header claiming ``width`` × ``height`` and a few pixel bytes."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", pixels)


def test_png_is_re_encoded_with_transparency_and_without_its_metadata() -> None:
    """Tests that a PNG keeps its pixels and alpha but loses text chunks and trailing bytes."""
    upload = _png(Comment="made by someone") + b"<script>alert(1)</script>"
    logo = check_logo(upload)
    assert (logo.media_type, logo.width, logo.height) == ("image/png", 120, 40)
    assert b"made by someone" not in logo.data and b"<script>" not in logo.data
    with Image.open(io.BytesIO(logo.data)) as image:
        assert image.mode == "RGBA" and image.getpixel((5, 5)) == (30, 90, 140, 100)
    assert logo.data_uri().startswith("data:image/png;base64,iVBOR")
    assert len(logo.sha256) == 64


def test_jpeg_is_turned_upright_and_its_exif_dropped() -> None:
    """Tests that a JPEG's EXIF orientation is applied and its EXIF text does not survive."""
    logo = check_logo(_jpeg((90, 60), exif_orientation=6))  # 6: rotate 90° to stand upright
    assert (logo.media_type, logo.width, logo.height) == ("image/jpeg", 60, 90)
    assert b"secret description" not in logo.data


def test_large_logo_is_scaled_to_fit() -> None:
    """Tests that a logo larger than the stored size is scaled down, keeping its proportions."""
    logo = check_logo(_png((2400, 600)))
    assert (logo.width, logo.height) == (STORED_SIDE, STORED_SIDE // 4)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"", "got an empty file"),
        (
            b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "got an SVG: SVG files can carry scripts.*export the logo as PNG",
        ),
        (b"  <svg onload='alert(1)'></svg>", "got an SVG"),
        (b"GIF89a\x01\x00\x01\x00", "got a GIF file"),
        (b"%PDF-1.7 ...", "got a PDF file"),
        (b"<html><body>hi</body></html>", "got a HTML or XML file"),
        (b"just text", "got a file that is not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "looks like a PNG file but its header cannot"),
        (_png_header(12, 400), "between 16 and 3000 pixels wide and high, got 12×400"),
        (_png_header(3001, 50), "got 3001×50"),
        (_png_header(30000, 30000), "got an image of far more pixels"),
        (_png()[:-30], "damaged or truncated PNG image"),
        (_jpeg((400, 300))[:-100], "damaged or truncated JPEG image"),
        (b"\x89PNG\r\n\x1a\n" + b"x" * MAX_LOGO_BYTES, "at most 1,048,576 bytes, got 1,048,584"),
    ],
    ids=[
        "empty",
        "svg",
        "svg-no-prolog",
        "gif",
        "pdf",
        "html",
        "text",
        "bad-png",
        "too-small",
        "too-wide",
        "bomb",
        "truncated",
        "truncated-jpeg",
        "too-large",
    ],
)
def test_refused_uploads_say_what_was_received_and_what_is_expected(
    data: bytes, match: str
) -> None:
    """Tests each refusal names the field, what the file is and what to send instead."""
    with pytest.raises(InvalidRequestError, match=match) as caught:
        check_logo(data)
    assert caught.value.field == "logo"


def test_truncated_png_is_refused_even_after_weasyprint_is_imported() -> None:
    """Tests that a truncated PNG is refused although WeasyPrint makes Pillow lenient."""
    import weasyprint  # noqa: F401  (sets PIL.ImageFile.LOAD_TRUNCATED_IMAGES)
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES
    with pytest.raises(InvalidRequestError, match="damaged or truncated PNG"):
        check_logo(_png((300, 100))[:-40])


def test_content_decides_not_the_name() -> None:
    """Tests that a JPEG is recognised as JPEG whatever it is called (nothing else is read)."""
    assert sniff(_jpeg()) == "JPEG" and check_logo(_jpeg()).media_type == "image/jpeg"


def test_logo_refuses_an_unknown_type_or_size() -> None:
    """Tests the Logo type's own invariants."""
    with pytest.raises(ValueError, match="PNG or JPEG"):
        Logo(b"x", "image/svg+xml", 10, 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="must fit 800 px, got 900×10"):
        Logo(b"x", "image/png", 900, 10)


@pytest.mark.parametrize(
    ("data", "vi", "lo"),
    [
        (
            b"",
            "`logo` phải là ảnh PNG hoặc JPEG, nhưng tệp tải lên trống.",
            "`logo` ຕ້ອງເປັນຮູບ PNG ຫຼື JPEG, ແຕ່ໄຟລ໌ທີ່ອັບໂຫຼດຫວ່າງເປົ່າ.",
        ),
        (
            b"\x89PNG\r\n\x1a\n" + b"x" * MAX_LOGO_BYTES,
            "`logo` chỉ được tối đa 1.048.576 byte, tệp tải lên có 1.048.584 byte: hãy xuất tệp"
            " nhỏ hơn (logo không cần quá 800 điểm ảnh mỗi cạnh).",
            "`logo` ໃຫຍ່ໄດ້ບໍ່ເກີນ 1.048.576 ໄບຕ໌, ແຕ່ໄຟລ໌ທີ່ອັບໂຫຼດມີ 1.048.584 ໄບຕ໌:"
            " ກະລຸນາສົ່ງອອກໃຫ້ນ້ອຍລົງ (ໂລໂກ້ບໍ່ຕ້ອງເກີນ 800 ພິກເຊວຕໍ່ດ້ານ).",
        ),
        (
            b"<svg/>",
            "`logo` phải là ảnh PNG hoặc JPEG, nhưng tệp tải lên là SVG: tệp SVG có thể chứa mã"
            " lệnh và liên kết sẽ đi theo mọi bản đề xuất gửi khách, nên không được chấp nhận;"
            " hãy xuất logo sang PNG (giữ nền trong suốt) rồi tải tệp đó lên.",
            "`logo` ຕ້ອງເປັນຮູບ PNG ຫຼື JPEG, ແຕ່ໄດ້ຮັບໄຟລ໌ SVG: ໄຟລ໌ SVG ສາມາດມີສະຄຣິບ ແລະ"
            " ລິ້ງທີ່ຈະຕິດໄປກັບທຸກຂໍ້ສະເໜີ, ຈຶ່ງບໍ່ຮັບ; ກະລຸນາສົ່ງອອກໂລໂກ້ເປັນ PNG"
            " (ຮັກສາພື້ນຫຼັງໂປ່ງໃສ) ແລ້ວອັບໂຫຼດໄຟລ໌ນັ້ນ.",
        ),
        (
            b"<html></html>",
            "`logo` phải là ảnh PNG hoặc JPEG, nhưng tệp tải lên là tệp HTML hoặc XML (xét theo"
            " nội dung tệp).",
            "`logo` ຕ້ອງເປັນຮູບ PNG ຫຼື JPEG, ແຕ່ໄດ້ຮັບໄຟລ໌ HTML ຫຼື XML (ຕັດສິນຈາກເນື້ອໃນຂອງໄຟລ໌).",
        ),
        (
            b"hello",
            "`logo` phải là ảnh PNG hoặc JPEG, nhưng tệp tải lên không phải là ảnh (xét theo nội"
            " dung tệp).",
            "`logo` ຕ້ອງເປັນຮູບ PNG ຫຼື JPEG, ແຕ່ໄຟລ໌ທີ່ໄດ້ຮັບບໍ່ແມ່ນຮູບ (ຕັດສິນຈາກເນື້ອໃນຂອງໄຟລ໌).",
        ),
        (
            _png((8, 8)),
            "`logo` phải rộng và cao từ 16 đến 3000 điểm ảnh, ảnh tải lên có kích thước 8×8.",
            "`logo` ຕ້ອງກວ້າງ ແລະ ສູງລະຫວ່າງ 16 ຫາ 3000 ພິກເຊວ, ແຕ່ຮູບທີ່ໄດ້ຮັບມີຂະໜາດ 8×8.",
        ),
        (
            _png_header(4000, 4000),
            "`logo` phải rộng và cao từ 16 đến 3000 điểm ảnh, ảnh tải lên có kích thước 4000×4000.",
            "`logo` ຕ້ອງກວ້າງ ແລະ ສູງລະຫວ່າງ 16 ຫາ 3000 ພິກເຊວ, ແຕ່ຮູບທີ່ໄດ້ຮັບມີຂະໜາດ 4000×4000.",
        ),
        (
            _png_header(30000, 30000),
            "`logo` phải rộng và cao từ 16 đến 3000 điểm ảnh, nhưng ảnh tải lên có quá nhiều"
            " điểm ảnh.",
            "`logo` ຕ້ອງກວ້າງ ແລະ ສູງລະຫວ່າງ 16 ຫາ 3000 ພິກເຊວ, ແຕ່ຮູບທີ່ໄດ້ຮັບມີພິກເຊວຫຼາຍເກີນໄປ.",
        ),
        (
            _jpeg((400, 300))[:-100],
            "`logo` là ảnh JPEG bị hỏng hoặc bị cắt cụt (400×300): hãy xuất lại.",
            "`logo` ເປັນຮູບ JPEG ທີ່ເສຍຫາຍ ຫຼື ບໍ່ຄົບ (400×300): ກະລຸນາສົ່ງອອກໃໝ່.",
        ),
        (
            b"\x89PNG\r\n\x1a\n" + b"garbage" * 3,
            "`logo` có vẻ là tệp PNG nhưng không đọc được phần đầu tệp: tệp đã bị hỏng; hãy xuất"
            " lại.",
            "`logo` ເບິ່ງຄືໄຟລ໌ PNG ແຕ່ອ່ານສ່ວນຫົວຂອງໄຟລ໌ບໍ່ໄດ້: ໄຟລ໌ເສຍຫາຍ; ກະລຸນາສົ່ງອອກໃໝ່.",
        ),
    ],
)
def test_refusals_are_said_in_each_language(data: bytes, vi: str, lo: str) -> None:
    """Tests every logo refusal in Vietnamese and Lao (the web and `quote --logo` show them)."""
    with pytest.raises(InvalidRequestError) as caught:
        check_logo(data)
    assert caught.value.field == "logo"
    assert renderer("vi")(caught.value.message) == vi
    assert renderer("lo")(caught.value.message) == lo
