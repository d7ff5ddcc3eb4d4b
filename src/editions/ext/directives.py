"""Directives of the publication's source: ``{photo}`` for a photo and its caption."""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from editions.problems import LOG_TYPE, Code
from editions.text.checks import unclosed_fence

logger = logging.getLogger(__name__)


class PhotoDirective(SphinxDirective):
    """A photo caption, set apart from the body text, with an optional image.

    The caption is the directive's content. Without ``:image:`` the caption
    stands alone: a publication never invents or fetches a picture.
    """

    has_content = True
    option_spec = {"image": directives.uri, "alt": directives.unchanged}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        figure = nodes.figure(classes=["photo"])
        self.set_source_info(figure)
        if "image" in self.options:
            image = nodes.image(uri=self.options["image"], alt=self.options.get("alt", ""))
            self.set_source_info(image)
            figure += image
        if not self.content:
            return [self.state.document.reporter.error(
                "photo: the caption is missing; write it as the directive's content",
                line=self.lineno)]
        parsed = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        caption = nodes.caption("", "")
        self.set_source_info(caption)
        for paragraph in parsed.findall(nodes.paragraph):
            if caption.children:
                caption += nodes.Text(" ")
            caption.extend(paragraph.children)
        figure += caption
        return [figure]


def warn_unclosed_fence(app: Sphinx, docname: str, source: list[str]) -> None:
    line = unclosed_fence(source[0])
    if line is not None:
        logger.warning("this fence is never closed, so the rest of the document would be "
                       "code: close it with a line of the same backticks or colons",
                       location=(docname, line), type=LOG_TYPE, subtype=Code.SOURCE)
