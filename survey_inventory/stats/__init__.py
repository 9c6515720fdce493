"""Pure statistics: functions on arrays and DataFrames, no file I/O, no drawing."""
