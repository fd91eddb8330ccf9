"""Excel in and out (openpyxl, no Qt): reading tolerant score/registry sheets, templates, error and report books."""
