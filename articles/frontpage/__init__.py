"""The front page as editors arrange it: the lead, the features and the pinned reports (``models``),
their admin screen (``admin``) and what the home page shows, curated or not (``selection``)."""
