"""Data rights: a person downloads everything that is theirs, and sees what erasure keeps.

`export.build` assembles the download (format "steadfast-export/1", described in
docs/data-export.md) from `sections` and `sections_together` (the person's own records,
app by app) and `shared` (what their partner shares with them now, as the app shows it).
`coverage` says, for every model with a link to an account, where its rows go or why
they stay out; a test fails on a model it does not name. `erasure` removes what an
account leaves behind outside its own rows when it is deleted.
"""
