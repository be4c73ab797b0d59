"""Machine-translation drafts of notices: a pluggable engine (none,
LibreTranslate, DeepL) chosen by ``CITYHALL_MACHINE_TRANSLATION``, built on
wagtail-localize's machine-translator interface so the translation editor's
own "Machine translate" button uses the same engine."""
