"""The pages of this app that higher apps add sections to (enterprise.sections).

register_section(PORTAL, template, context=fn)   # fn(request, client)
register_section(SALES, template, context=fn)    # fn(request)
register_section(COMPANY, template, context=fn)  # fn(request, client)
"""

from enterprise.sections import register_section, render_sections

PORTAL = "clients.portal"
SALES = "clients.sales"
# The company page (sales and finance): engagements, quotes, invoices, balance.
COMPANY = "clients.company"

__all__ = ["COMPANY", "PORTAL", "SALES", "register_section", "render_sections"]
