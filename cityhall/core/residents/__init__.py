"""Resident accounts: sign-up with e-mail verification, profile, password reset and
deletion (住民アカウント).

Views and other apps go through :mod:`.services` (writes) and :mod:`.selectors`
(reads); :mod:`.urls` exposes a plain ``urlpatterns`` list that the accounts URLconf
includes under ``/accounts/`` with the namespace ``accounts``.
"""
