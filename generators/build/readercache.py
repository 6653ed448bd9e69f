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
from markdown.extensions.meta import MetaPreprocessor
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from .digests import digest

META_PRIORITY = 27  # where markdown.extensions.meta registers its preprocessor


class KeptMarkdownReader(MarkdownReader):
    def read(self, source_path):
        self._source_path = source_path
        with pelican_open(source_path) as text:
            store = self.settings.get("sitrep_store")

            def convert() -> tuple[str, dict[str, list[str]]]:
                converter = Markdown(**self.settings["MARKDOWN"])  # one a body, as Pelican's
                return converter.convert(text), dict(getattr(converter, "Meta", {}))

            if store is None:
                content, meta = convert()
            else:
                key = digest([store.code, text.encode()])
                content, meta = store.remembered("markdown", key, convert)
        if not meta:
            return content, {}
        self._md = self._fields_converter()
        return content, self._parse_metadata(meta)

    def _fields_converter(self) -> Markdown:
        """What converts the metadata's formatted fields (a summary): made once a build, not
        once an analysis (4.5 ms each, 0.9 s of a rebuild at 200 analyses, when the bodies
        were kept). Pelican's `_parse_metadata` removes its metadata preprocessor (and fails
        when it is not there), then resets the converter before each field."""
        converter = getattr(self, "_fields", None)
        if converter is None:
            converter = self._fields = Markdown(**self.settings["MARKDOWN"])
        if "meta" not in converter.preprocessors:
            converter.preprocessors.register(MetaPreprocessor(converter), "meta", META_PRIORITY)
        return converter


READERS = {extension: KeptMarkdownReader for extension in MarkdownReader.file_extensions}
