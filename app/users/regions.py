"""Regions of the member states, with their labels in the three languages."""

REGION_LABELS = {
    "africa": {"en": "Africa", "fr": "Afrique", "ar": "أفريقيا"},
    "arab": {"en": "Arab region", "fr": "Région arabe", "ar": "المنطقة العربية"},
    "asia": {"en": "Asia", "fr": "Asie", "ar": "آسيا"},
    "europe": {"en": "Europe", "fr": "Europe", "ar": "أوروبا"},
    "americas": {"en": "Americas", "fr": "Amériques", "ar": "الأمريكتان"},
}


def region_label(region: str, lang: str = "en") -> str:
    return REGION_LABELS.get(region, {}).get(lang, region)
