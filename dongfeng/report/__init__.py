"""The work report (工作总结): the period's figures written as the article writes them.

wording.py  how a number reads ("350余件", "办结率达98%"), the one place for rounding
compose.py  the report's sections and paragraphs from the figures registry
export.py   the edited text as .docx (python-docx) and PDF (WeasyPrint)
forms.py views.py api.py urls.py navigation.py  the page, the exports and the API
"""
