"""Sign-in for staff (password + second factor) and for residents (password).

Both sign-in pages live here because both go through the login throttle
(:mod:`cityhall.core.login_throttle`).
"""
