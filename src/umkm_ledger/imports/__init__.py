"""Registry imports: a kecamatan's registration list or a SIDT-KUMKM export, from CSV or
XLSX, into the ledger's commands (:func:`~umkm_ledger.imports.registry.import_enterprises`)."""
