"""What every sitrep page generator shares: the validated site, templates and the writer."""

from __future__ import annotations

from typing import Any

from pelican.generators import Generator

from .parallel import in_two_processes
from .progress import current
from .site import Site, load_site


def site_for(context: dict) -> Site:
    """The validated content of this build, loaded once and shared by all generators."""
    if "sitrep" not in context:
        with current().step("Validating content"):
            context["sitrep"] = load_site(context["PATH"])
    return context["sitrep"]


class SitrepGenerator(Generator):
    """A Pelican generator over sitrep's content. Subclasses implement `pages()`."""

    @property
    def site(self) -> Site:
        return site_for(self.context)

    def generate_context(self) -> None:
        # Loading validates everything, before any generator writes a file.
        self._update_context(())
        self.site  # noqa: B018

    def pages(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(url, template, variables) of every page this generator writes."""
        raise NotImplementedError

    def generate_output(self, writer) -> None:
        pages = self.pages()
        label = f"Writing {type(self).__name__.removesuffix('Generator').lower()} pages"
        with current().step(label, len(pages)) as advance:

            def write(share) -> None:
                for url, template, variables in share:
                    self.write_page(writer, url, template, variables)
                    advance()

            in_two_processes(pages, write)

    def write_page(self, writer, url: str, template: str, variables: dict[str, Any]) -> None:
        save_as = f"{url}index.html" if url.endswith("/") or not url else url
        writer.write_file(
            save_as,
            self.get_template(template),
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            url=url,
            page_url=url,
            **variables,
        )
