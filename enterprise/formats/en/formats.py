# Dates read the same in both languages: 2026/11/28 and 2026/11/28 14:05.
DATE_FORMAT = "Y/m/d"
SHORT_DATE_FORMAT = "Y/m/d"
DATETIME_FORMAT = "Y/m/d H:i"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
MONTH_DAY_FORMAT = "m/d"
YEAR_MONTH_FORMAT = "Y/m"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
