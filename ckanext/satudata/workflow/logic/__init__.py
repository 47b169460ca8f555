"""The workflow's API layer: actions (:mod:`.action`) and auth functions
(:mod:`.auth`), packages of one module per capability whose ``__all__``
``tk.blanket`` exports; schemas (:mod:`.schema`) and validators."""
