"""Documents as PDF: the consolidated paper, the Drucksache and the Wahlprotokoll.

WeasyPrint lays out a template written for paper (templates/pdf/base.html, static/css/pdf.css)
and writes a tagged PDF/UA-1 file. It needs Pango at run time (Debian: libpango-1.0-0,
libpangoft2-1.0-0) and finds its font through fontconfig: DejaVu Sans from Debian's
fonts-dejavu-core, installed by the package manager, so no font file is shipped or fetched.
Where WeasyPrint cannot be loaded, the PDF addresses answer 503 with a page that says so; the
HTML pages stay available.

Nothing is fetched while rendering: the stylesheet is read from the static folder and every
other address (links in the text) stays a link.
"""

from collections.abc import Callable

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

STYLESHEET = "css/pdf.css"


class PdfUnavailable(Exception):
    """WeasyPrint or the Pango library it needs is not installed on this server."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:  # OSError: WeasyPrint found no Pango library
        raise PdfUnavailable(str(error)) from error
    return weasyprint


def _refuse_fetch(url, *args, **kwargs):
    """Nothing outside the document is loaded into a PDF (no images, no remote styles)."""
    raise ValueError(f"PDF rendering fetches nothing: {url}")


def html_to_pdf(html: str) -> bytes:
    """The HTML as a tagged, accessible PDF (PDF/UA-1) with the PDF stylesheet."""
    weasyprint = _weasyprint()
    stylesheet = weasyprint.CSS(filename=finders.find(STYLESHEET), url_fetcher=_refuse_fetch)
    document = weasyprint.HTML(string=html, url_fetcher=_refuse_fetch)
    return document.write_pdf(stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a template that extends pdf/base.html to PDF bytes."""
    return html_to_pdf(render_to_string(template_name, context))


def pdf_response(
    request, build: Callable[[], bytes], *, filename: str, html_url: str
) -> HttpResponse:
    """The PDF that ``build`` returns, shown in the browser; 503 where PDFs cannot be made,
    with a link to the same document as a web page (``html_url``)."""
    try:
        content = build()
    except PdfUnavailable:
        return render(request, "lip/pdf_unavailable.html", {"html_url": html_url}, status=503)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Content-Language"] = "de"
    return response
