from carenet.community.models.councils import (
    SMALLEST_SHOWN,
    Evidence,
    Issue,
    IssueStep,
    Meeting,
    count_words,
)
from carenet.community.models.startups import (
    SUPPORT_EVENT_KINDS,
    GroupMeeting,
    InvalidStep,
    Promise,
    PromiseCheck,
    StartupGroup,
    Support,
    SupportKind,
    survey_counts,
)

__all__ = [
    "SMALLEST_SHOWN",
    "SUPPORT_EVENT_KINDS",
    "Evidence",
    "GroupMeeting",
    "InvalidStep",
    "Issue",
    "IssueStep",
    "Meeting",
    "Promise",
    "PromiseCheck",
    "StartupGroup",
    "Support",
    "SupportKind",
    "count_words",
    "survey_counts",
]
