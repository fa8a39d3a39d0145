"""An event's sessions as iCalendar entries, and its feed (/events/<slug>/calendar.ics).

A session is one entry, event-session-<pk>@host: the UID survives a change of date or time, so a
subscribed calendar moves the entry. A cancelled session (or a cancelled event) stays in the feed
as STATUS:CANCELLED, as the page keeps it visible marked 中止.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from carenet.common.ical import CalendarEntry, absolute_url, calendar_response, make_uid
from carenet.events.models import Event
from carenet.events.places import location_words


def session_summary(event, session):
    if session.is_cancelled:
        return _("【中止】%(title)s") % {"title": event.title}
    if event.status == Event.Status.POSTPONED:
        return _("【延期】%(title)s") % {"title": event.title}
    return event.title


def event_description(event, session, url):
    lines = [session.time_note, event.summary or event.description]
    if event.fee:
        lines.append(_("参加費: %(fee)s") % {"fee": event.fee})
    if event.how_to_apply:
        lines.append(_("申込: %(how)s") % {"how": event.how_to_apply})
    phone = event.contact.phone if event.contact_id else event.contact_phone
    name = event.contact.label if event.contact_id else event.contact_name
    if phone or name:
        lines.append(_("問い合わせ: %(name)s %(phone)s") % {"name": name, "phone": phone})
    lines.append(url)
    return "\n".join(line.strip() for line in lines if line and line.strip())


def event_entries(event, since=None):
    """The event's sessions (from `since`, else all of them) as calendar entries."""
    url = absolute_url(event.get_absolute_url())
    location = location_words(event)
    return [
        CalendarEntry(
            uid=make_uid("event-session", session.pk),
            summary=session_summary(event, session),
            date=session.date,
            start_time=session.start_time,
            end_time=session.end_time,
            location=location,
            description=event_description(event, session, url),
            url=url,
            cancelled=session.is_cancelled,
            tentative=event.status == Event.Status.POSTPONED,
            stamp=event.updated_at,
        )
        for session in event.sessions.all()
        if since is None or session.date >= since
    ]


def events_entries(events, since):
    return [entry for event in events for entry in event_entries(event, since)]


def feed_queryset(queryset):
    """What a feed reads of events, in a fixed number of queries (2, however many events)."""
    return queryset.with_details().select_related("venue__municipality")


def public_feed_events(queryset, today=None):
    """Published, real (not sample) events with a session from today on."""
    return feed_queryset(queryset.published().filter(is_sample=False).upcoming(today))


@require_safe
def event_calendar(request, slug):
    """/events/<slug>/calendar.ics: every session of the event, past ones too (a course's
    earlier dates are part of it)."""
    event = get_object_or_404(feed_queryset(Event.objects.published()), slug=slug)
    return calendar_response(f"{event.slug}.ics", event.title, event_entries(event))
