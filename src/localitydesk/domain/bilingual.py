"""Names kept in both languages: each record shows the one the reader uses."""

from __future__ import annotations


def name_in(language: str | None, name_cy: str, name_en: str) -> str:
    """The name in ``language``, or in the other when it has none in that one
    (many providers have a single name used in both languages)."""
    primary, other = (name_cy, name_en) if language == "cy" else (name_en, name_cy)
    return primary or other


class ProviderNamed:
    """For records that carry ``provider_name_cy`` and ``provider_name_en``."""

    __slots__ = ()

    def provider_name(self, language: str) -> str:
        return name_in(language, self.provider_name_cy, self.provider_name_en)
