"""DHIS2 data value sets: a program's progress as the ``dataValueSets`` payload a DHIS2
instance imports, mapped by a file the DHIS2 administrator writes."""
