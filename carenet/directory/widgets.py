"""A venue's point, picked on a map or typed: the two number fields stay, a map is added.

django-leaflet's own form widget needs GeoDjango (GDAL) and a geometry field; our venues keep
latitude and longitude as two decimals. So the longitude's input is followed by a small Leaflet
map (django-leaflet's static files, static/js/point_picker.js): a click or a dragged marker fills
both fields, rounded to 6 places; typing moves the marker. Without the script the fields work
as they are.
"""

from django import forms
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext as _


class PointPickerInput(forms.NumberInput):
    """The longitude's number input, then the map that sets it and the latitude's."""

    def __init__(self, latitude_field="latitude", attrs=None):
        self.latitude_field = latitude_field
        super().__init__(attrs={"step": "0.000001", **(attrs or {})})

    @property
    def media(self):
        return forms.Media(
            css={"all": [static("leaflet/leaflet.css"), static("css/map.css")]},
            js=[static("leaflet/leaflet.js"), static("js/point_picker.js")],
        )

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        longitude_id = (attrs or {}).get("id") or f"id_{name}"
        latitude_id = longitude_id[: -len(name)] + self.latitude_field
        return format_html(
            '{}<div class="point-picker" hidden>'
            '<p class="point-picker-help">{}</p>'
            '<div class="point-picker-map" role="region" aria-label="{}"'
            ' data-latitude-input="{}" data-longitude-input="{}"'
            ' data-tile-url="{}" data-tile-attribution="{}"'
            ' data-marker-icon="{}" data-marker-icon-2x="{}" data-marker-shadow="{}"></div>'
            "</div>",
            field,
            _(
                "地図をクリックするか、印をドラッグすると緯度・経度が入ります。数値を入力しても構いません。"
            ),
            _("会場の位置を選ぶ地図"),
            latitude_id,
            longitude_id,
            settings.MAP_TILE_URL,
            settings.MAP_TILE_ATTRIBUTION,
            static("leaflet/images/marker-icon.png"),
            static("leaflet/images/marker-icon-2x.png"),
            static("leaflet/images/marker-shadow.png"),
        )
