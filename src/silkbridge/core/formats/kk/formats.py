# Kazakh number and date formats (Django ships none, so Kazakh numbers lost their thousands
# separators). Separators as in CLDR for kk: 3 345 600,5 with a no-break space.
DATE_FORMAT = "Y \\ж. j E"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y \\ж. j E H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "Y \\ж. F"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
