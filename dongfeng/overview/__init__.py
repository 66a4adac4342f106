"""The officials' overview: every registered figure family for a node of the tree and a
period, with drill-down, league tables, overdue lists, charts and the figures API.

    scope.py    who may open the overview of which node (OVERVIEW_ROLES), the user's top node
    periods.py  the period picker (this week … last year, custom) → grids.generic.figures.Period
    board.py    the page's content, read from families() only — never an app's figures module
    views.py    /overview/ (?area=CODE&period=…&start=&end=)
    api.py      /api/v1/figures/ (?area=CODE&start=&end=&by=child|grid|month|category)
"""
