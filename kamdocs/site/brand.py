"""The brand colour as CSS custom properties (every page and the print layout set them)."""

from __future__ import annotations

DEFAULT_COLOUR = "#1f5fa8"


def _channel_mix(colour: str, other: str, amount: float) -> str:
    a = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(other[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(x + (y - x) * amount) for x, y in zip(a, b, strict=True)]
    return "#" + "".join(f"{v:02x}" for v in mixed)


def brand_palette(colour: str | None) -> dict[str, str]:
    """Return the CSS custom properties derived from the brand colour (the theme's when None)."""
    base = (colour or DEFAULT_COLOUR).lower()
    return {
        "--brand": base,
        "--brand-strong": _channel_mix(base, "#000000", 0.25),
        "--brand-soft": _channel_mix(base, "#ffffff", 0.88),
        "--brand-tint": _channel_mix(base, "#ffffff", 0.95),
    }
