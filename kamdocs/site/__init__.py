"""Markdown → sanitized HTML, components in chapters, navigation, search index and the immutable Site."""

from kamdocs.site.model import Asset, Component, Heading, NavItem, Page, Prose, Section, Site

__all__ = ["Asset", "Component", "Heading", "NavItem", "Page", "Prose", "Section", "Site"]
