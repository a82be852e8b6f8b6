"""The receipt after registration: a printable page and the same as a PDF download."""

from django.http import HttpResponse
from django.template.response import TemplateResponse

from ..receipt import build_receipt, qr_svg
from ..receipt_pdf import receipt_pdf
from .access import staff_required
from .case_page import case_for

PAPER_SIZES = ("a5", "a4")


@staff_required
def receipt(request, pk):
    case = case_for(request, pk)
    data = build_receipt(request, case)
    paper = request.GET.get("paper") if request.GET.get("paper") in PAPER_SIZES else "a5"
    context = {"case": case, "receipt": data, "qr": qr_svg(data.lookup_url), "paper": paper}
    return TemplateResponse(request, "cases/receipt.html", context)


@staff_required
def receipt_download(request, pk):
    case = case_for(request, pk)
    response = HttpResponse(
        receipt_pdf(build_receipt(request, case)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="receipt-{case.number}.pdf"'
    return response
