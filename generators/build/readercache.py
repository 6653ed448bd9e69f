"""Pelican's Markdown reader, keeping what each analysis converted to between builds.

Pelican converts every Markdown analysis again on each build (at 200 analyses, half a
second of a rebuild). Its own content cache would keep the metadata it read too, whose
authors, tags and categories hold the whole settings (functions included, which do not
pickle); this reader keeps only the body as HTML and the metadata as the text the file
gave, in the build's store (store.remembered), keyed by the file's text and the code and
settings the conversion depends on. Metadata is processed again on each build, cheaply.
"""

from __future__ import annotations

from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .digests import digest


class KeptMarkdownReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        self._md = Markdown(**self.settings["MARKDOWN"])
        with pelican_open(source_path) as text:
            store = self.settings.get("sitrep_store")

            def convert() -> tuple[str, dict[str, list[str]]]:
                return self._md.convert(text), dict(getattr(self._md, "Meta", {}))

            if store is None:
                content, meta = convert()
            else:
                key = digest([store.code, text.encode()])
                content, meta = store.remembered("markdown", key, convert)
        return content, self._parse_metadata(meta) if meta else {}


READERS = {extension: KeptMarkdownReader for extension in MarkdownReader.file_extensions}
