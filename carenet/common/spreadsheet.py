"""CSV files that staff open in Excel: Japanese that reads correctly, and no formulas from users.

Use these helpers for every CSV the portal hands out::

    from carenet.common.spreadsheet import csv_response

    return csv_response("consultations.csv", ["番号", "本人"], ((c.pk, c.name) for c in rows))

A cell that starts like a formula (``=HYPERLINK(...)``, ``+``, ``-``, ``@``, a tab or carriage
return, or their full-width forms, also after leading spaces) would be run by Excel or LibreOffice
when the file is opened: it could send the sheet's contents to another site. Such a cell gets an
apostrophe in front, which spreadsheets read as "this is text" (the OWASP recommendation).
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

# Full-width forms too: Japanese Excel may read a leading ＝ as =.
FORMULA_STARTS = frozenset("=+-@＝＋－＠")
CONTROL_STARTS = ("\t", "\r")


def safe_cell(value):
    """One cell, made safe to open in a spreadsheet.

    Numbers stay numbers and None becomes an empty cell. Anything else becomes text; text that a
    spreadsheet would read as a formula gets a leading apostrophe. 「0422-00-0000」 and
    「井の頭2丁目」 are left as they are; 「=1+1」 becomes 「'=1+1」.
    """
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    if text.startswith(CONTROL_STARTS) or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def csv_text(header, rows):
    """The whole file as text: UTF-8 BOM first (so that Excel reads Japanese), CRLF line ends,
    every cell (the header too) passed through safe_cell."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(cell) for cell in header])
    writer.writerows([safe_cell(cell) for cell in row] for row in rows)
    return out.getvalue()


def csv_response(filename, header, rows):
    """A download of csv_text(header, rows), named filename (non-ASCII names are fine)."""
    response = HttpResponse(csv_text(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
