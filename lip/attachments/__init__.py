"""Files attached to records of the apps (a Beirat's signed letter, a meeting's slides).

- detection.py: the type from the bytes, the size limit (settings.ATTACHMENT_*)
- models.py: Attachment (random stored name, original name, type, size, SHA-256, history)
- services.py: ``attach``, ``remove``, ``move_attachments``, ``attachments_of``,
  ``attachments_by_owner``
- registry.py: the apps register their models with a ``can_view(user, record)`` rule
- views.py: /anhang/<uuid>/ serves a file to whom the rule allows, a 404 to everybody else
- forms.py: ``AttachmentField``; admin.py: ``AttachmentInline``

docs/anhaenge.md describes it for the people who use it.
"""
