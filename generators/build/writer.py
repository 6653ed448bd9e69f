"""Pelican's writer, with its analysis pages written through sitrep's store (store.py).

Pelican renders every article on every build. An analysis page's key hashes the article by
value, as sitrep's own pages' variables are (pages/keys.py): its converted text (links
rendered), metadata and the events it cites; what its template reads of the site is
recorded while it renders. Other files Pelican writes (none with the project's settings)
go the usual way.
"""

from __future__ import annotations

from typing import Any

from pelican.utils import get_relative_path, path_to_url
from pelican.writers import Writer

from .partial import NotPartial, PartialStore


class StoreWriter(Writer):
    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):  # fmt: skip
        store = context.get("sitrep_store")
        article = kwargs.get("article")
        if not name or store is None or store.keys is None or article is None:
            if name and isinstance(store, PartialStore):  # into the served site: only whole
                raise NotPartial(f"Pelican writes {name} itself")
            return super().write_file(
                name, template, context, relative_urls, paginated, template_name,
                override_output, url, **kwargs,
            )  # fmt: skip
        handed = (
            article.relative_source_path,
            article._content,
            sorted((k, repr(v)) for k, v in article.metadata.items()),
            getattr(article, "cited_events", []),
            relative_urls,
            sorted(k for k in kwargs if k != "article"),
        )
        key = store.keys.key(name, template.name, handed)

        def render() -> str:
            # As Pelican's writer builds a page's context (writers.py, _get_localcontext).
            local: dict[str, Any] = {**context, "localsiteurl": context.get("localsiteurl")}
            if relative_urls:
                local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(name))
            local["output_file"] = name
            local.update(kwargs)
            if local["localsiteurl"]:
                context["localsiteurl"] = local["localsiteurl"]
            return template.render(local)

        store.page(name, key, render)
