"""Fill an admin change form as a browser would: every field and inline as the page shows it."""

import datetime as dt


def _add(data, form):
    for name in form.fields:
        bound = form[name]
        value = bound.value()
        key = bound.html_name
        if value is None:
            continue
        if isinstance(value, dt.datetime):
            data[f"{key}_0"], data[f"{key}_1"] = str(value.date()), value.strftime("%H:%M:%S")
        elif isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)


def admin_form_data(response):
    """The POST a browser would send back from an admin add or change page, unchanged."""
    data = {}
    _add(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add(data, formset.management_form)
        for form in formset.forms:
            _add(data, form)
    return data
