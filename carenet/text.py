"""Small formatting helpers shared by every app: dates and times in plain Japanese."""

WEEKDAY_NAMES = "月火水木金土日"  # ISO order: 1 = 月曜


def month_precision_label(year, month):
    if not year:
        return ""
    return f"{year}年{month}月" if month else f"{year}年"


def short_date(day):
    """12月2日(火)"""
    return f"{day.month}月{day.day}日({WEEKDAY_NAMES[day.weekday()]})"


def hm(value):
    return f"{value.hour}:{value.minute:02d}"
