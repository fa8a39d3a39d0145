"""The consultation list's date drill-down, offered from the city's dates (see CityCalendar)."""

from django import template
from django.contrib.admin.templatetags.admin_list import date_hierarchy

register = template.Library()


class _WithCalendar:
    """The change list as Django's date_hierarchy reads it, its queryset the city's calendar."""

    def __init__(self, cl):
        self._cl = cl
        self.queryset = cl.calendar

    def __getattr__(self, name):
        return getattr(self._cl, name)


@register.inclusion_tag("admin/date_hierarchy.html")
def city_date_hierarchy(cl):
    return date_hierarchy(_WithCalendar(cl))
