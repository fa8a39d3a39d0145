"""Events as the cities publish them, read and written:
the 自治体標準オープンデータセット イベント一覧.

EventImport(data, city=None).check()  # reading.py + importing.py: every row checked first
events_csv_response(city, events)     # exporting.py: /<city>/events.csv
"""

from carenet.events.opendata.columns import CURRENT_COLUMNS
from carenet.events.opendata.exporting import events_csv_response
from carenet.events.opendata.importing import EventImport

__all__ = ["CURRENT_COLUMNS", "EventImport", "events_csv_response"]
