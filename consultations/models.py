# Consultation records arrive with issue #3.
