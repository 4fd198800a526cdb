"""The pages of this app that higher apps add sections to (enterprise.sections).

register_section(PORTAL, template, context=fn)   # fn(request, client)
register_section(SALES, template, context=fn)    # fn(request)
"""

from enterprise.sections import register_section, render_sections

PORTAL = "clients.portal"
SALES = "clients.sales"

__all__ = ["PORTAL", "SALES", "register_section", "render_sections"]
