"""Pages from an audience view: components in chapters, links, navigation, search index, the immutable Site."""

from kamdocs.model import Heading
from kamdocs.site.model import Asset, Component, NavItem, Page, Prose, Section, Site

__all__ = ["Asset", "Component", "Heading", "NavItem", "Page", "Prose", "Section", "Site"]
