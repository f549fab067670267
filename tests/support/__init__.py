"""What the template's tests share: the template's own modules, renders, services.

Test modules import from here, never from one another.
"""
