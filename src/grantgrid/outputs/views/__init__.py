"""Views: what every output shows of a dossier, computed by the domain, formatted by no one.

Terminal, report, workbook and JSON read these; none re-derives a figure, a check or a slot.
"""
