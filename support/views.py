from django.shortcuts import render

from enterprise.permissions import role_required
from enterprise.roles import SUPPORT


@role_required(SUPPORT)
def queue(request):
    """The support staff's home: the ticket queue."""
    return render(request, "support/queue.html", {})
