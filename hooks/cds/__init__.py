"""The report site's data pipeline: load → validate → model → format → render.

Used by hooks/cds_site.py (the MkDocs glue), by the tools in tools/ and by the tests.
"""
