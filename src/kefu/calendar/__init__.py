"""Business days, public holidays, the service's time zone and opening hours, all from configuration.

business     BusinessCalendar: local dates in Beijing time, business days (weekends, public holidays,
             make-up working days), deadlines counted the way the help-center article promises
hours        OpeningHours: named weekly schedules (human agents, English service, 24/7 lines, ...)
_source      reading calendar.yaml and reporting each bad entry, bilingually, by file and key
data/        calendar.yaml: time zone, weekend, 2026–2027 holidays and make-up working days, hours

Cases count deadlines with it, chat knows when agents are on, the hotline which menu options are staffed.
"""

from kefu.calendar.business import BusinessCalendar, Holiday, MakeUpWorkday, load_calendar
from kefu.calendar.hours import OpeningHours, TimeRange, load_hours, load_schedules

__all__ = [
    "BusinessCalendar",
    "Holiday",
    "MakeUpWorkday",
    "OpeningHours",
    "TimeRange",
    "load_calendar",
    "load_hours",
    "load_schedules",
]
