"""Attachments (材料): files kept with a case.

``content`` decides what a file is from its bytes and cleans images; ``uploads`` caps how
much of an upload is kept; the model is ``cases.models.CaseAttachment`` and the service
``cases.services.attachments``.
"""
