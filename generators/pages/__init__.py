"""One Pelican generator per kind of page (events, analyses, days, indicators, directory,
changes, data, feeds, search, map, security.txt), all built on `base.SitrepGenerator`. A
page module imports the views and the content it shows and the build it writes through,
never another page module.
"""
