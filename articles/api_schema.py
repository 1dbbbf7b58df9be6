"""The OpenAPI 3.1 description of the read-only API (``articles/api.py``), served at /api/v1/openapi.json."""

PAGE_PARAMETERS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 50, "default": 20}},
]
ARTICLE_FILTERS = [
    {"name": name, "in": "query", "schema": {"type": "string"}, "description": description}
    for name, description in [
        ("type", "Article type slug, e.g. analysis, op-ed, interview, news-brief, special-report."),
        ("tag", "Tag slug; repeat for several (all must match)."),
        ("author", "Author slug."),
        ("series", "Series slug."),
        ("outlet", "Slug of the outlet that first published the piece."),
        ("language", "Language code, e.g. en, az."),
        ("year", "Year of publication, e.g. 2021."),
        ("since", "Published on or after this date (YYYY-MM-DD)."),
        ("until", "Published on or before this date (YYYY-MM-DD)."),
    ]
]
SLUG = [{"name": "slug", "in": "path", "required": True, "schema": {"type": "string"}}]

REF = {"type": "object", "properties": {"slug": {"type": "string"}, "url": {"type": "string", "format": "uri"}}}
ARTICLE = {
    "type": "object",
    "required": ["title", "slug", "url", "type", "language", "published_at", "authors", "tags", "translations"],
    "properties": {
        "title": {"type": "string"},
        "slug": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "api_url": {"type": "string", "format": "uri"},
        "type": {"type": "string"},
        "language": {"type": "string"},
        "summary": {"type": "string"},
        "published_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "authors": {
            "type": "array",
            "description": "Everyone credited, in byline order, with their role.",
            "items": {
                **REF,
                "properties": {
                    **REF["properties"],
                    "name": {"type": "string"},
                    "role": {"enum": ["by", "with", "interview_by", "translated_by"]},
                },
            },
        },
        "byline": {"type": ["string", "null"], "description": "E.g. “By A and B, with C · Translated by E”."},
        "series": {
            "oneOf": [{"type": "null"}, {**REF, "properties": {**REF["properties"], "title": {"type": "string"}}}]
        },
        "series_part": {"type": ["integer", "null"]},
        "tags": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": {"type": "string"}, "slug": {"type": "string"}}},
        },
        "first_published_in": {"type": ["object", "null"]},
        "photo": {"type": ["string", "null"]},
        "translations": {
            "type": "array",
            "description": "The other published pieces that are translations of this one (or of which this is a "
            "translation), in the order of the languages: English, Azerbaijani, Russian, Armenian, Turkish, Persian, "
            "Georgian. Empty when there is none. Lists give every piece, each translation too.",
            "items": {
                "type": "object",
                "required": ["language", "title", "url", "api_url"],
                "properties": {
                    "language": {"type": "string", "description": "ISO 639-1 code, e.g. az."},
                    "title": {"type": "string"},
                    "url": {"type": "string", "format": "uri"},
                    "api_url": {"type": "string", "format": "uri"},
                },
            },
        },
        "body": {"type": "string", "description": "Sanitised HTML; only in the article's own endpoint."},
    },
}
AUTHOR = {
    "type": "object",
    "required": ["name", "slug", "url", "published_count"],
    "properties": {
        "name": {"type": "string"},
        "slug": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "is_organisation": {"type": "boolean", "description": "An institutional author (the Center, its staff)."},
        "job_title": {"type": ["string", "null"]},
        "affiliation": {"type": ["string", "null"]},
        "expertise": {"type": ["string", "null"]},
        "short_bio": {"type": ["string", "null"]},
        "published_count": {"type": "integer"},
    },
}
SERIES = {
    "type": "object",
    "required": ["title", "slug", "url", "published_count"],
    "properties": {
        "title": {"type": "string"},
        "slug": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "description": {"type": "string"},
        "published_count": {"type": "integer"},
    },
}


def page_of(schema):
    return {
        "type": "object",
        "required": ["count", "page", "pages", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": schema},
        },
    }


def operation(summary, schema, parameters=()):
    json_of = {"application/json": {"schema": schema}}
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    return {
        "get": {
            "summary": summary,
            "parameters": list(parameters),
            "responses": {
                "200": {"description": "OK (with an ETag)", "content": json_of},
                "304": {"description": "Not modified (If-None-Match matched the ETag)"},
                "400": {"description": "A parameter that cannot be read", "content": error},
                "404": {"description": "Not found, or not published", "content": error},
            },
        }
    }


def openapi_description(server_url):
    refs = {name: {"$ref": f"#/components/schemas/{name}"} for name in ("Article", "Author", "Series")}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CCSIS publications API",
            "version": "1",
            "description": "Read-only: the published analyses, op-eds, reports, interviews and news briefs "
            "of the Caucasus Center for Strategic and International Studies, their authors and series.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/articles/": operation(
                "Published pieces, newest first", page_of(refs["Article"]), [*ARTICLE_FILTERS, *PAGE_PARAMETERS]
            ),
            "/articles/{slug}/": operation("One published piece, with its body", refs["Article"], SLUG),
            "/authors/": operation("Authors with a published piece", page_of(refs["Author"]), PAGE_PARAMETERS),
            "/authors/{slug}/": operation("An author and their latest pieces", refs["Author"], SLUG),
            "/series/": operation("Series", page_of(refs["Series"]), PAGE_PARAMETERS),
            "/series/{slug}/": operation("A series and its parts", refs["Series"], SLUG),
        },
        "components": {
            "schemas": {
                "Article": ARTICLE,
                "Author": AUTHOR,
                "Series": SERIES,
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
            }
        },
    }
