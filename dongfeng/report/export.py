"""The edited report as a Word document (python-docx) and a PDF (WeasyPrint).

Both take a `Document`: the text exactly as the official left it on the page, never
recomposed from the figures. Chinese needs care in both:

- Word picks the font of CJK characters from `w:rFonts/@w:eastAsia`; python-docx sets only
  the Latin name, and the built-in heading styles name theme fonts that win over it. Each
  style used gets 宋体 (body) or 黑体 (headings and title) as its East Asian font and loses
  its theme fonts, so Word on any machine shows the text in a Chinese font.
- WeasyPrint lays the HTML out with fontconfig's fonts: Debian's fonts-noto-cjk (Noto Serif /
  Sans CJK SC) are named first in report-pdf.css, and the PDF embeds the glyphs it uses.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

__all__ = ["Document", "to_docx", "to_pdf"]

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"


@dataclass(frozen=True)
class Document:
    """A report ready to print: its title, the period line, paragraphs by section."""

    title: str
    date_line: str
    intro: list[str]
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    signature: str  # who reports, and when: "东风街道\n2026年11月27日"


def _east_asian_font(style, latin: str, east_asian: str, size: float, bold: bool = False):
    style.font.name = latin
    style.font.size = Pt(size)
    style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:eastAsia"), east_asian)


def to_docx(doc: Document) -> bytes:
    word = WordDocument()
    section = word.sections[0]  # A4, the margins of Chinese official documents (GB/T 9704)
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = word.styles
    _east_asian_font(styles["Normal"], "Times New Roman", "宋体", 14)
    _east_asian_font(styles["Title"], "Times New Roman", "黑体", 20, bold=True)
    _east_asian_font(styles["Heading 1"], "Times New Roman", "黑体", 15, bold=True)
    for name in ("Title", "Heading 1"):
        styles[name].font.color.rgb = None

    title = word.add_paragraph(doc.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = word.add_paragraph(doc.date_line)
    line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in doc.intro:
        _body(word, text)
    for heading, paragraphs in doc.sections:
        word.add_heading(heading, level=1)
        for text in paragraphs:
            _body(word, text)
    for text in doc.signature.splitlines():
        word.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _body(word, text: str) -> None:
    paragraph = word.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(28)  # two characters, as in Chinese
    paragraph.paragraph_format.line_spacing = 1.5


def to_pdf(doc: Document) -> bytes:
    # Imported here: WeasyPrint loads Pango and the fonts, which no other page needs.
    from weasyprint import CSS, HTML

    html = render_to_string("dongfeng/report/pdf.html", {"doc": doc})
    stylesheet = CSS(filename=finders.find("dongfeng/report-pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])
