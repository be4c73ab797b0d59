"""Staff console (Wagtail admin) screens of the open-data catalogue: datasets,
resources, uploads with their validation report, publishing."""
