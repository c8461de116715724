"""People who sign in to Kuska, their memberships of agencies and the roles that give them permissions.

Public API: :mod:`kuska.accounts.models` (``User``, ``Membership``, ``Role``, ``Permission``),
:mod:`kuska.accounts.permissions` (``has_permission``, ``permissions_at``, ``agencies_where``,
``public_permissions``), :mod:`kuska.accounts.tree` (``covers``: a membership of an agency covers its units),
:mod:`kuska.accounts.users` (``add_user``, ``disable_user``, ``users``) and :mod:`kuska.accounts.roles` (the
roles file, ``docs/access.md``).
"""
