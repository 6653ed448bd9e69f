"""What pages show: the content as each page and language presents it (dates, numbers,
names, citations, figures, maps, charts, records, history), for the page generators and
their templates. Reads the content; writes no file.
"""
