"""The kit every app builds its pages from: views, tables, filters, forms, URLs."""
